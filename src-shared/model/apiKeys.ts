// API keys of the read API, as listed: never the key itself.

/** A key's name, when and by whom it was made, and when it was revoked. */
export interface ApiKeyInfo {
  name: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
}
