// Talking to the shop's REST API from its own pages.
//
// Every request says X-Requested-With, so a 401 never makes the browser pop up its own password
// dialog; unsafe requests copy the XSRF-TOKEN cookie into X-XSRF-TOKEN (double-submit CSRF).

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A non-2xx answer, with the RFC 9457 problem the API sent (or a stand-in for one). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The problem's field errors, as [{field, detail}], for showing next to form fields. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      return decodeURIComponent(value.join('='));
    }
  }
  return null;
}

/**
 * Sends a request to the API and answers the Response; rejects with ApiError on a non-2xx status
 * and with the browser's TypeError when the network failed.
 */
export async function request(method, url, { body, headers = {}, contentType = 'application/json' } = {}) {
  const all = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', ...headers };
  if (!SAFE_METHODS.has(method)) {
    const token = cookie('XSRF-TOKEN');
    if (token) {
      all['X-XSRF-TOKEN'] = token;
    }
  }
  const init = { method, headers: all, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    all['Content-Type'] = contentType;
    init.body = typeof body === 'string' || body instanceof URLSearchParams ? body : JSON.stringify(body);
  }
  const response = await fetch(url, init);
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }
  return response;
}

export async function getJson(url) {
  return (await request('GET', url)).json();
}

async function problemOf(response) {
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      // fall through to the stand-in
    }
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}
