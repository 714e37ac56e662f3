/** Limits of an encoder; smaller than the format's caps in tests (to overflow the table). */
export interface BinaryEncoderOptions {
  /** String table entries at most (default and maximum: the format's MAX_STRINGS). */
  maxStrings?: number;
  /** Longest interned string in UTF-8 bytes (default and maximum: MAX_STRING_BYTES). */
  maxStringBytes?: number;
}
