// The fit behind the learned words (src/errors/signatures/words/learned.ts), shared by scripts/learn-words.js
// (which writes the model) and bench/learned-words.mjs (which measures it on reports the fit never saw).
//
// A multinomial logistic regression whose inputs are a report's words (reportWords) and whose offset is the
// score the written rules give each cause: it learns only what the rules miss, and a word the rules already
// read well keeps a weight near zero. L2-regularised, a fixed number of Adam steps, no randomness: the same
// reports and rules give the same table.

import { ENTRY, WEIGHTS } from '../dist/errors/signatures/words/learned.js';

export const SETTINGS = {
  lambda: 0.005,
  lambdaBias: 0.001,
  steps: 150,
  rate: 0.05,
  /** A word in fewer reports than this says more about those reports than about causes. */
  minReports: 3,
};

/** The rules' score per cause (in `causes` order) from classify's evidence; a ruled-out cause is -Infinity. */
export function offsetsOf(causes, evidence, ruledOut) {
  const offset = new Float64Array(causes.length);
  for (const item of evidence)
    for (const [id, w] of Object.entries(item.causes)) offset[causes.indexOf(id)] += w;
  for (const { cause } of ruledOut) offset[causes.indexOf(cause)] = Number.NEGATIVE_INFINITY;
  return offset;
}

/**
 * rows: { words: string[], offset: Float64Array, y: number }[]. Rows whose settled cause the rules rule out
 * are skipped (their likelihood is 0 whatever the words). Returns { vocab, weights (vocab x causes), bias, fitted }.
 */
export function fitWords(rows, K, settings = SETTINGS) {
  const usable = rows.filter((r) => Number.isFinite(r.offset[r.y]));
  const reportsWith = new Map();
  for (const r of usable) for (const w of r.words) reportsWith.set(w, (reportsWith.get(w) ?? 0) + 1);
  const vocab = [...reportsWith].filter(([, n]) => n >= settings.minReports).map(([w]) => w);
  const index = new Map(vocab.map((w, i) => [w, i]));
  const features = usable.map((r) => r.words.map((w) => index.get(w)).filter((i) => i !== undefined));
  const V = vocab.length;
  const W = new Float64Array(V * K);
  const bias = new Float64Array(K);
  const adam = (size) => ({ m: new Float64Array(size), v: new Float64Array(size) });
  const stateW = adam(V * K);
  const stateB = adam(K);
  const step = (params, grad, state, lambda, t) => {
    for (let j = 0; j < params.length; j++) {
      const g = grad[j] + 2 * lambda * params[j];
      state.m[j] = 0.9 * state.m[j] + 0.1 * g;
      state.v[j] = 0.999 * state.v[j] + 0.001 * g * g;
      const mHat = state.m[j] / (1 - 0.9 ** t);
      const vHat = state.v[j] / (1 - 0.999 ** t);
      params[j] -= (settings.rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  };
  const n = usable.length;
  const score = new Float64Array(K);
  for (let t = 1; t <= settings.steps; t++) {
    const gradW = new Float64Array(V * K);
    const gradB = new Float64Array(K);
    usable.forEach((r, k) => {
      const f = features[k];
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < K; i++) {
        let s = r.offset[i] + bias[i];
        for (const j of f) s += W[j * K + i];
        score[i] = s;
        if (s > max) max = s;
      }
      let z = 0;
      for (let i = 0; i < K; i++) {
        score[i] = Number.isFinite(score[i]) ? Math.exp(score[i] - max) : 0;
        z += score[i];
      }
      for (let i = 0; i < K; i++) {
        const d = (score[i] / z - (i === r.y ? 1 : 0)) / n;
        gradB[i] += d;
        for (const j of f) gradW[j * K + i] += d;
      }
    });
    step(W, gradW, stateW, settings.lambda, t);
    step(bias, gradB, stateB, settings.lambdaBias, t);
  }
  return { vocab, weights: W, bias, fitted: n };
}

/**
 * The model as learned-model.ts stores it: weights in hundredths (under one moves nothing a person sees), one
 * entry a word, `word=cause:hundredths ...;`, sorted by word, so that explain finds a report's words by binary search
 * without decoding the table (decoding all of it took 30-45 ms at explain's start).
 */
export function encodeModel(causes, fit) {
  const K = causes.length;
  const lines = [];
  fit.vocab.forEach((w, j) => {
    const pairs = [];
    for (let i = 0; i < K; i++) {
      const h = Math.round(fit.weights[j * K + i] * 100);
      if (h !== 0) pairs.push(`${i}:${h}`);
    }
    if (pairs.length > 0) lines.push([w, pairs.join(' ')]);
  });
  // By word, in code-unit order as JavaScript compares strings: the order the binary search in learned.ts assumes.
  lines.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    causes: [...causes],
    bias: [...fit.bias].map((b) => Math.round(b * 100)),
    words: lines.map(([w, pairs]) => `${w}${WEIGHTS}${pairs}`).join(ENTRY),
  };
}
