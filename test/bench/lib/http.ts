/** One-off requests from the bench process (set-up and sanity checks, not load). */

export interface JsonResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  ms: number;
}

export async function requestJson(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const res = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, ms };
}

export async function expectOk(url: string, options: Parameters<typeof requestJson>[1] = {}): Promise<JsonResponse> {
  const res = await requestJson(url, options);
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`${options.method ?? 'GET'} ${url} answered ${res.status}: ${JSON.stringify(res.json).slice(0, 300)}`);
  }
  return res;
}

/** Signs in over HTTP and returns the access token. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await expectOk(`${baseUrl}/api/v1/auth/login`, { method: 'POST', body: { email, password } });
  const token = res.json?.data?.accessToken;
  if (typeof token !== 'string') throw new Error(`login returned no access token: ${JSON.stringify(res.json).slice(0, 300)}`);
  return token;
}
