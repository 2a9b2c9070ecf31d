// The password rule (等保 baseline): at least 8 characters, at least three of the four kinds
// (大写字母, 小写字母, 数字, 符号), and not the login name. Pure: the form checks as the user types,
// the core checks again before wrapping the key.

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

const KINDS: { label: string; test: (c: string) => boolean }[] = [
  { label: '大写字母', test: (c) => c >= 'A' && c <= 'Z' },
  { label: '小写字母', test: (c) => c >= 'a' && c <= 'z' },
  { label: '数字', test: (c) => c >= '0' && c <= '9' },
  // Anything else printable counts as a symbol (Chinese punctuation too); spaces and letters of other scripts do not.
  { label: '符号', test: (c) => /[\p{P}\p{S}]/u.test(c) },
];

/** The kinds a password contains, by their Chinese labels. */
export function passwordKinds(password: string): string[] {
  const chars = [...password];
  return KINDS.filter((k) => chars.some(k.test)).map((k) => k.label);
}

/** null when the password may be used; otherwise one Chinese sentence saying what is missing. */
export function passwordProblem(password: string, loginName: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 位，现在只有 ${length} 位。`;
  if (length > PASSWORD_MAX_LENGTH) return `密码最多 ${PASSWORD_MAX_LENGTH} 位。`;
  const kinds = passwordKinds(password);
  if (kinds.length < 3) {
    const missing = KINDS.map((k) => k.label).filter((l) => !kinds.includes(l));
    return `密码须包含大写字母、小写字母、数字、符号中的至少 3 种，现在只有 ${kinds.length} 种（缺少${missing.join('、')}）。`;
  }
  const name = loginName.trim().toLowerCase();
  if (name && password.toLowerCase() === name) return '密码不能与登录名相同。';
  if (name.length >= 3 && password.toLowerCase().includes(name)) return '密码不能包含登录名。';
  return null;
}
