// Characters that could end or confuse an inline <script> ("</script>", "<!--", "]]>") or
// that older JS engines treat as line terminators inside string literals (U+2028/2029).
const UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * JSON text safe to place verbatim inside `<script type="application/json">`: the unsafe
 * characters become \uXXXX escapes, which JSON.parse turns back into the same characters.
 */
export function embedJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('value is not JSON-serialisable');
  return json.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
