/// <reference types="vite-plugin-pwa/vanillajs" />
import { useSyncExternalStore } from 'react';
import { registerSW } from 'virtual:pwa-register';

/*
 * Offline after the first visit. The service worker (vite-plugin-pwa / Workbox, configured in
 * vite.config.ts; none in dev, where `registerSW` does nothing) precaches everything the app needs.
 *
 * - "Available offline" means an active service worker exists for this page: a worker becomes active
 *   only after its install step has stored the whole precache, so nothing is missing then.
 * - Updates ('prompt'): a new version installs in the background and waits. This page keeps running
 *   on the old one (its chunks stay cached until the new worker takes over), the next visit gets the
 *   new one, and "Reload to update" lets the user switch now. Nothing reloads an open page on its own.
 */

export type CacheState =
  /** No service worker: dev, a browser without them, or registration blocked. Nothing is shown. */
  | 'none'
  /** First visit: the service worker is storing the app. */
  | 'saving'
  /** Everything is stored; the app opens without the server. */
  | 'ready'
  /** A newer version is stored and waits for this page to reload (or for the next visit). */
  | 'update'
  /** The newer version took over from another tab; this page still runs the old one. */
  | 'updated-elsewhere'
  /** The service worker could not store the app (the install step failed). */
  | 'failed';

export interface OfflineState {
  cache: CacheState;
  /** navigator.onLine: false when the browser knows it has no network. */
  online: boolean;
}

let state: OfflineState = { cache: 'none', online: typeof navigator === 'undefined' ? true : navigator.onLine };
const listeners = new Set<() => void>();

function update(patch: Partial<OfflineState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getOfflineState(): OfflineState {
  return state;
}

export function useOfflineState(): OfflineState {
  return useSyncExternalStore(subscribe, getOfflineState);
}

let activateUpdate: (() => Promise<void>) | undefined;
/** Set when this page asked the waiting version to take over, so this page (only) reloads. */
let reloadWhenControlled = false;

/** Marks the app ready unless a later state (an update) already said more. */
function markReady(): void {
  if (state.cache === 'none' || state.cache === 'saving' || state.cache === 'failed') update({ cache: 'ready' });
}

/** Follows a first install: "saving" until the worker is installed, "failed" if it gives up. */
function watchFirstInstall(registration: ServiceWorkerRegistration): void {
  if (registration.active) {
    markReady();
    return;
  }
  const worker = registration.installing ?? registration.waiting;
  if (!worker) return;
  update({ cache: 'saving' });
  worker.addEventListener('statechange', () => {
    if (worker.state === 'redundant' && !registration.active) update({ cache: 'failed' });
  });
}

/** Registers the service worker (production builds) and follows the network state. Call once. */
export function startOfflineSupport(): void {
  window.addEventListener('online', () => update({ online: true }));
  window.addEventListener('offline', () => update({ online: false }));
  if (!('serviceWorker' in navigator)) return;
  const updateSW = registerSW({
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      watchFirstInstall(registration);
      // Resolves once this scope has an active worker, i.e. once the precache is complete.
      void navigator.serviceWorker.ready.then(markReady);
    },
    onOfflineReady: markReady,
    onNeedRefresh: () => update({ cache: 'update' }),
    // A waiting version took control. Reload only the page that asked for it; any other open page
    // keeps its run and says that a reload will bring the new version.
    onNeedReload() {
      if (reloadWhenControlled) window.location.reload();
      else update({ cache: 'updated-elsewhere' });
    },
    onRegisterError: () => {
      // Registration refused (or blocked, as in the browser tests): the app works online as before.
      if (state.cache === 'saving') update({ cache: 'failed' });
    },
  });
  activateUpdate = () => updateSW();
}

/** "Reload to update": lets the waiting version take over, then reloads this page on it. */
export function applyUpdate(): void {
  if (!activateUpdate) return;
  reloadWhenControlled = true;
  void activateUpdate();
}
