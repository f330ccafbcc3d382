// Conversation keys passed to templates as `:chat` (docs/templates.md 2.1): order-independent for two
// users, one per room. At most 2 * 64 + 3 = 131 characters, within the 140 the contract allows.

export function userChat(a: string, b: string): string {
  return a < b ? `u:${a},${b}` : `u:${b},${a}`;
}

export function roomChat(room: string): string {
  return `r:${room}`;
}
