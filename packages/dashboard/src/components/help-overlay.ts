import { Box, Text } from 'ink';
import React from 'react';
import { FAULT_COMMANDS, KEY_BINDINGS } from '../dashboard-commands.ts';

const h = React.createElement;

/** Props of {@link HelpOverlay}. */
export interface HelpOverlayProps {
  /** Whether fault keys act in this run. */
  interactive: boolean;
}

/** Every key and what it does (`?` shows and hides it). */
export function HelpOverlay({ interactive }: HelpOverlayProps): React.ReactElement {
  return h(
    Box,
    { flexDirection: 'column', borderStyle: 'round', paddingX: 1, alignSelf: 'flex-start' },
    h(Text, { bold: true }, 'keys'),
    ...KEY_BINDINGS.map((b) =>
      h(
        Text,
        { key: b.command, color: !interactive && FAULT_COMMANDS.has(b.command) ? 'gray' : undefined },
        h(Text, { bold: true, color: 'cyan' }, (b.key === ' ' ? 'space' : b.key).padEnd(7)),
        b.description,
      ),
    ),
    h(Text, null, h(Text, { bold: true, color: 'cyan' }, 'Ctrl-C'.padEnd(7)), 'quit too'),
    h(Text, null, h(Text, { bold: true, color: 'cyan' }, '?'.padEnd(7)), 'show / hide this help'),
    interactive
      ? h(Text, { color: 'gray' }, 'Injected faults are recorded and healed like scheduled ones.')
      : h(Text, { color: 'gray' }, 'Fault keys are off: this run cannot inject faults into its target.'),
  );
}
