import http from 'node:http';
import https from 'node:https';
import { getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { checkOptions } from '../check-options.js';
import { createAgent, createHttpsAgent } from './agent.js';
import { IDLE_RULES, type IdleOptions } from './agent-options.js';
import { createDispatcher, type DispatcherOptions } from './dispatcher.js';

/** Puts back what install() replaced and closes what it created. */
export type Uninstall = () => Promise<void>;

export interface InstallOptions extends IdleOptions {
  /** The dispatcher's delivery-aware retries (for fetch and undici), or false for none; default on. */
  retry?: DispatcherOptions['retry'];
}

/**
 * Protects the whole process: the nohangup dispatcher becomes global `fetch`'s (and undici's) dispatcher, with
 * delivery-aware retries, and the agents become `http.globalAgent` and `https.globalAgent`, all under one idle
 * policy. Returns the function that restores the previous ones.
 */
export function install(options: InstallOptions = {}): Uninstall {
  const { retry, ...idle } = options;
  checkOptions('install', idle, IDLE_RULES);
  const previous = { dispatcher: getGlobalDispatcher(), http: http.globalAgent, https: https.globalAgent };
  const dispatcher = createDispatcher({ ...idle, retry });
  const httpAgent = createAgent(idle);
  const httpsAgent = createHttpsAgent(idle);
  setGlobalDispatcher(dispatcher);
  http.globalAgent = httpAgent;
  https.globalAgent = httpsAgent;
  let undone = false;
  return async () => {
    if (undone) return;
    undone = true;
    // Restore only what is still ours: a later install() or another library may have replaced it since.
    if (getGlobalDispatcher() === dispatcher) setGlobalDispatcher(previous.dispatcher);
    if (http.globalAgent === httpAgent) http.globalAgent = previous.http;
    if (https.globalAgent === httpsAgent) https.globalAgent = previous.https;
    httpAgent.destroy();
    httpsAgent.destroy();
    await dispatcher.close();
  };
}
