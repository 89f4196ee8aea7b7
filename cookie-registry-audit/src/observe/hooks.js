// Installed with Page.addScriptToEvaluateOnNewDocument: runs in every frame of the page
// (site isolation off) before any of the page's own scripts. It records who writes what:
// document.cookie, CookieStore.set, Storage.setItem, property writes to localStorage and
// sessionStorage, and indexedDB.open. The audit reads and empties the records of each frame
// after each page (window.__cookieRegistryAudit.take()).
//
// Everything is wrapped so that a failure here never breaks the page, and every write still
// goes through to the browser's own implementation.
(() => {
  'use strict';
  if (Object.prototype.hasOwnProperty.call(window, '__cookieRegistryAudit')) return;
  const records = [];
  const MAX_RECORDS = 1000;
  const HOOK = 'cookie-registry-audit-hooks.js';
  const preview = (text) => {
    const s = String(text);
    return s.length > 120 ? s.slice(0, 120) + '…' : s;
  };
  // The stack without this file's frames: where the page's code made the write.
  const stack = () => {
    const lines = String(new Error().stack || '').split('\n').slice(1);
    return lines
      .map((line) => line.trim())
      .filter((line) => line && !line.includes(HOOK))
      .slice(0, 8);
  };
  const record = (api, name, value, deletes) => {
    try {
      if (records.length >= MAX_RECORDS) return;
      records.push({ api, name: String(name), value: preview(value), stack: stack(),
                     frame: String(location.href), origin: String(location.origin),
                     deletes: Boolean(deletes) });
    } catch (_) { /* never break the page */ }
  };
  // Whether a cookie string deletes its cookie: max-age of zero or less, else an expiry past.
  const deletes = (text) => {
    let maxAge = null;
    let expires = null;
    for (const attribute of String(text).split(';').slice(1)) {
      const eq = attribute.indexOf('=');
      const key = (eq < 0 ? attribute : attribute.slice(0, eq)).trim().toLowerCase();
      const value = eq < 0 ? '' : attribute.slice(eq + 1).trim();
      if (key === 'max-age' && /^-?[0-9]+$/.test(value)) maxAge = Number(value);
      if (key === 'expires') expires = Date.parse(value);
    }
    if (maxAge !== null) return maxAge <= 0;
    return expires !== null && !Number.isNaN(expires) && expires <= Date.now();
  };
  // A cookie string's name: before the first '=', trimmed of spaces and tabs; none is ''.
  const cookieName = (text) => {
    const pair = String(text).split(';', 1)[0];
    const eq = pair.indexOf('=');
    return (eq < 0 ? '' : pair.slice(0, eq)).replace(/^[ \t]+|[ \t]+$/g, '');
  };
  const cookieValue = (text) => {
    const pair = String(text).split(';', 1)[0];
    const eq = pair.indexOf('=');
    return (eq < 0 ? pair : pair.slice(eq + 1)).replace(/^[ \t]+|[ \t]+$/g, '');
  };

  try {
    const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true, enumerable: cookie.enumerable, get: cookie.get,
      set(text) {
        record('document.cookie', cookieName(text), cookieValue(text), deletes(text));
        return cookie.set.call(this, text);
      },
    });
  } catch (_) {}

  try {
    if (typeof CookieStore !== 'undefined') {
      const set = CookieStore.prototype.set;
      CookieStore.prototype.set = function (nameOrOptions, value) {
        const options = typeof nameOrOptions === 'object' && nameOrOptions !== null;
        record('cookieStore.set', options ? nameOrOptions.name : nameOrOptions,
               options ? nameOrOptions.value : value,
               options && typeof nameOrOptions.expires === 'number' && nameOrOptions.expires <= Date.now());
        return set.apply(this, arguments);
      };
    }
  } catch (_) {}

  // Which storage a Storage object is; looked up lazily (reading localStorage throws in
  // sandboxed frames).
  const kindOf = (storage) => {
    try { if (storage === realStorage('localStorage')) return 'localStorage'; } catch (_) {}
    try { if (storage === realStorage('sessionStorage')) return 'sessionStorage'; } catch (_) {}
    return 'storage';
  };
  const setItem = Storage.prototype.setItem;
  try {
    Storage.prototype.setItem = function (key, value) {
      record(kindOf(this) + '.setItem', key, value);
      return setItem.apply(this, arguments);
    };
  } catch (_) {}

  // `localStorage.key = value` and `localStorage['key'] = value` bypass setItem: the window's
  // accessors return a proxy that records property writes and forwards everything else.
  const getters = {};
  const realStorage = (name) => (getters[name] ? getters[name].call(window) : window[name]);
  for (const name of ['localStorage', 'sessionStorage']) {
    try {
      const descriptor = Object.getOwnPropertyDescriptor(window, name);
      if (!descriptor || !descriptor.get || !descriptor.configurable) continue;
      getters[name] = descriptor.get;
      let proxy = null;
      let target = null;
      Object.defineProperty(window, name, {
        configurable: true, enumerable: descriptor.enumerable,
        get() {
          const storage = descriptor.get.call(window); // throws where the page may not use it
          if (storage !== target) {
            target = storage;
            proxy = new Proxy(storage, {
              get(t, key) {
                const value = Reflect.get(t, key, t);
                return typeof value === 'function' ? value.bind(t) : value;
              },
              set(t, key, value) {
                if (typeof key === 'symbol') return Reflect.set(t, key, value, t);
                record(name + '.setItem', key, value);
                setItem.call(t, key, value);
                return true;
              },
              defineProperty(t, key, descriptor) {
                if (typeof key !== 'symbol' && 'value' in descriptor) {
                  record(name + '.setItem', key, descriptor.value);
                }
                return Reflect.defineProperty(t, key, descriptor);
              },
            });
          }
          return proxy;
        },
      });
    } catch (_) {}
  }

  try {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (name) {
      record('indexedDB.open', name, '');
      return open.apply(this, arguments);
    };
  } catch (_) {}

  Object.defineProperty(window, '__cookieRegistryAudit', {
    value: Object.freeze({ take: () => records.splice(0, records.length) }),
    enumerable: false, configurable: false, writable: false,
  });
})();
//# sourceURL=cookie-registry-audit-hooks.js
