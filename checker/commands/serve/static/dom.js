// What every part of the page shares: finding elements, making them (text only, never
// markup), telling the manager something, and asking the server (with the page's token).

const TOKEN = document.querySelector('meta[name="confide-token"]').content;

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function say(words, kind = "error") {
  const box = $("message");
  box.textContent = words;
  box.className = `message ${kind}`;
  box.hidden = !words;
}

// A GET (no body) or a POST of JSON; a refusal throws with the server's words, except a
// conflict (409), which the caller reads.
export async function api(path, body) {
  const init = { headers: { "X-Confide-Token": TOKEN } };
  if (body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const raw = await response.text();
  let data = null;
  try {
    data = JSON.parse(raw);
  } catch {
    data = { error: raw || `the server answered ${response.status}` };
  }
  if (!response.ok && response.status !== 409) {
    throw new Error(data?.error || `the server answered ${response.status}`);
  }
  return { status: response.status, data };
}
