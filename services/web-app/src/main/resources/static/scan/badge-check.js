// Badges checked on the phone, before a scan is queued, so a badge that cannot be genuine is refused
// on the spot, network or not. A badge is a compact JWS (RFC 7515) that lead-service signs with its
// edition's Ed25519 key: header {"alg":"EdDSA","kid"}, claims {"e": editionId, "a": attendeeId,
// "n": badgeNumber}. The phone keeps its exhibitor's edition and that edition's public keys (a JWK
// Set from GET /api/exhibitors/{id}/badge-keys) in localStorage, fetched at sign-in, every five
// minutes while online, when the network comes back, and whenever a badge names a key it lacks.
//
// What the phone decides, checking in this order:
//  - not a badge of the right shape: refused, MALFORMED;
//  - a badge claiming another edition: refused, WRONG_EDITION (it cannot be valid here, forged or not);
//  - a key id the phone does not know: the keys are fetched again at once; if the fresh set lacks it,
//    refused, UNKNOWN_KEY. With no network the phone cannot know whether the edition's key was rotated
//    since it last asked (badges printed after a rotation carry the new key), so such a badge is NOT
//    refused: it is queued unchecked and the server decides when it is sent. So is every badge while
//    the phone has never got its keys;
//  - a signature that does not match the badge's content (forged or altered): refused, BAD_SIGNATURE.
// A badge that passes is queued as before: the server stays the authority (revoked badges, erased
// visitors, unknown attendees), and its refusals after upload are shown as they always were.
//
// The signature is checked with WebCrypto's Ed25519 where the browser has it, else with the vendored
// @noble/ed25519 (/shared/vendor/noble-ed25519/), loaded only then; <body data-badge-verifier> says which.

import { api } from '../shared/api.js';

const STORAGE_KEY = 'expo.scan.badgeKeys';
/** lead-service refuses longer payloads before reading them (BadgeToken.MAX_LENGTH). */
const MAX_LENGTH = 1024;
/** The keys' Cache-Control max-age: a rotation reaches an online phone within this time. */
const REFRESH_EVERY_MS = 5 * 60 * 1000;
/** A key fetch made while a visitor waits at the booth gives up soon; the scan is then queued unchecked. */
const FETCH_TIMEOUT_MS = 5000;
const LIBRARY = '/shared/vendor/noble-ed25519/index.js';

/** RFC 8032 7.1, test 1: the verifier in use must accept it, so a broken one is never trusted. */
const RFC8032_TEST_1 = {
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};

/** A badge the phone refuses, with lead-service's reason code for it. */
class Refusal extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

function hex(text) {
  return Uint8Array.from(text.match(/../g), (pair) => parseInt(pair, 16));
}

/** Base64url without padding, as JWS writes it; throws on anything else. */
function base64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    throw new Error('not base64url');
  }
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function jsonObject(part) {
  const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64Url(part)));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('not a JSON object');
  }
  return value;
}

function filled(value) {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * A badge code read as lead-service reads it (BadgeToken.parse), signature not checked yet.
 * @throws {Refusal} MALFORMED
 */
export function readBadge(code) {
  const text = String(code ?? '').trim();
  if (!text || text.length > MAX_LENGTH) {
    throw new Refusal('MALFORMED');
  }
  const parts = text.split('.');
  if (parts.length !== 3) {
    throw new Refusal('MALFORMED');
  }
  let header;
  let claims;
  try {
    header = jsonObject(parts[0]);
    claims = jsonObject(parts[1]);
  } catch {
    throw new Refusal('MALFORMED');
  }
  const critical = header.crit !== undefined && !(Array.isArray(header.crit) && header.crit.length === 0);
  if (header.alg !== 'EdDSA' || critical || !filled(header.kid)) {
    throw new Refusal('MALFORMED');
  }
  if (!filled(claims.e) || !filled(claims.a) || !Number.isSafeInteger(claims.n) || claims.n < 1) {
    throw new Refusal('MALFORMED');
  }
  return {
    keyId: header.kid,
    editionId: claims.e,
    attendeeId: claims.a,
    badgeNumber: claims.n,
    signingInput: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    signature: parts[2],
  };
}

/** WebCrypto's Ed25519, when the browser has it and it verifies RFC 8032's test vector. */
async function webCryptoVerifier() {
  const subtle = globalThis.crypto && globalThis.crypto.subtle;
  if (!subtle) {
    return null;
  }
  const verify = async (publicKey, signature, data) => {
    const key = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    return subtle.verify({ name: 'Ed25519' }, key, signature, data);
  };
  try {
    return await verify(hex(RFC8032_TEST_1.publicKey), hex(RFC8032_TEST_1.signature), new Uint8Array(0))
      ? { name: 'webcrypto', verify } : null;
  } catch {
    return null;
  }
}

/** @noble/ed25519 in RFC 8032's strict mode (as lead-service verifies), for browsers without Ed25519 in WebCrypto. */
async function libraryVerifier() {
  const ed = await import(LIBRARY);
  const verify = (publicKey, signature, data) => ed.verifyAsync(signature, data, publicKey, { zip215: false });
  if (!(await verify(hex(RFC8032_TEST_1.publicKey), hex(RFC8032_TEST_1.signature), new Uint8Array(0)))) {
    throw new Error('the Ed25519 library failed its self-test');
  }
  return { name: 'noble', verify };
}

function storedKeys() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/** The Ed25519 public keys of a JWK Set, by key id; anything else in it is left aside. */
function publicKeysOf(set) {
  return (Array.isArray(set && set.keys) ? set.keys : [])
    .filter((jwk) => jwk && jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && filled(jwk.kid) && filled(jwk.x))
    .map((jwk) => ({ kid: jwk.kid, x: jwk.x }));
}

/**
 * The phone's badge check.
 * @param {{current: () => object|null, authorized: (work: (token: string) => Promise<any>) => Promise<any>}} session
 *   current: the session kept on the phone (its exhibitorId); authorized: runs a call with a valid token
 */
export function createBadgeCheck(session) {
  let fetching = null;
  let verifier = null;

  /** The kept keys, when they are this exhibitor's. */
  function keysOf(who) {
    const kept = storedKeys();
    return who && who.exhibitorId && kept && kept.exhibitorId === who.exhibitorId && filled(kept.editionId) ? kept : null;
  }

  /** The verifier, chosen once: WebCrypto where it works, else the library (cached by the service worker). */
  function ready() {
    if (!verifier) {
      verifier = webCryptoVerifier()
        .then((native) => native || libraryVerifier())
        .then((chosen) => {
          document.body.dataset.badgeVerifier = chosen.name;
          return chosen;
        });
      // Tried again at the next check: offline, the library may not have been fetched yet.
      verifier.catch(() => { verifier = null; });
    }
    return verifier;
  }

  /** Fetches the exhibitor's edition and keys; answers whether the phone now holds them fresh. */
  function refresh() {
    if (!fetching) {
      fetching = fetchKeys().finally(() => { fetching = null; });
    }
    return fetching;
  }

  async function fetchKeys() {
    const who = session.current();
    if (!who || !who.exhibitorId || !navigator.onLine) {
      return false;
    }
    try {
      const set = await session.authorized((token) => api(`/api/exhibitors/${encodeURIComponent(who.exhibitorId)}/badge-keys`,
        { token, headers: { Accept: 'application/jwk-set+json, application/problem+json' }, timeoutMs: FETCH_TIMEOUT_MS }));
      if (!set || !filled(set.editionId)) {
        return false;
      }
      localStorage.setItem(STORAGE_KEY, JSON.stringify({
        exhibitorId: who.exhibitorId, editionId: set.editionId, keys: publicKeysOf(set), fetchedAt: new Date().toISOString(),
      }));
      // While online: a browser that needs the library gets it now, for the hours without network.
      await ready().catch(() => undefined);
      return true;
    } catch {
      // No answer, a refusal, or nobody signed in any more: the keys kept stay as they are.
      return false;
    }
  }

  async function signatureMatches(key, badge) {
    let signature;
    let publicKey;
    try {
      signature = base64Url(badge.signature);
      publicKey = base64Url(key.x);
    } catch {
      return false;
    }
    if (signature.length !== 64 || publicKey.length !== 32) {
      return false;
    }
    const { verify } = await ready();
    try {
      return await verify(publicKey, signature, badge.signingInput);
    } catch {
      return false;
    }
  }

  /**
   * What the phone makes of a badge code: {refused: reason} (never to be queued), {checked: true}
   * (its signature is the edition's), or {unchecked: why} (queued, for the server to decide).
   */
  async function check(code) {
    let badge;
    try {
      badge = readBadge(code);
    } catch (refusal) {
      return { refused: refusal.reason };
    }
    let keys = keysOf(session.current());
    if (!keys && await refresh()) {
      keys = keysOf(session.current());
    }
    if (!keys) {
      return { unchecked: 'NO_KEYS' };
    }
    if (badge.editionId !== keys.editionId) {
      return { refused: 'WRONG_EDITION' };
    }
    let key = keys.keys.find((known) => known.kid === badge.keyId);
    if (!key) {
      // Perhaps a key made since the phone last asked: only a set fetched now can say it is none of the edition's.
      if (!(await refresh())) {
        return { unchecked: 'KEY_NOT_YET_KNOWN' };
      }
      const fresh = keysOf(session.current());
      key = fresh && fresh.keys.find((known) => known.kid === badge.keyId);
      if (!key) {
        return { refused: 'UNKNOWN_KEY' };
      }
    }
    try {
      return await signatureMatches(key, badge) ? { checked: true } : { refused: 'BAD_SIGNATURE' };
    } catch {
      // No verifier at all (no WebCrypto Ed25519, and the library not fetched yet): the server checks it.
      return { unchecked: 'NO_VERIFIER' };
    }
  }

  return {
    check,
    refresh,
    /** Keeps the keys fresh: now, every five minutes while online, and when the network returns. */
    start() {
      window.addEventListener('online', () => refresh());
      setInterval(() => refresh(), REFRESH_EVERY_MS);
      refresh();
      ready().catch(() => undefined);
    },
  };
}
