/**
 * Strings a regular expression matches, one per branch of every alternation (the other alternations take
 * their first branch), with each quantifier at its minimum (at least once for `+`). Enough to check that a
 * cheap prefilter (a family gate, the log trigger, needles) lets through every way a pattern can match.
 * Covers the syntax our signatures use: literals, escapes, classes, groups, lookarounds (skipped), anchors.
 */
type Node =
  | { kind: 'text'; value: string }
  | { kind: 'alt'; branches: Node[][] }
  | { kind: 'repeat'; node: Node; min: number };

function classSample(body: string): string {
  if (body.startsWith('^')) {
    // A negated class: a letter unless letters are excluded, then a space, then a digit.
    for (const c of ['x', ' ', '1', '-']) if (new RegExp(`[${body}]`).test(c)) return c;
    return 'x';
  }
  const first = body[0] === '\\' ? escapeSample(body[1] ?? '') : (body[0] ?? 'x');
  return first;
}

function escapeSample(c: string): string {
  switch (c) {
    case 'd':
      return '1';
    case 'w':
      return 'a';
    case 's':
      return ' ';
    case 'S':
    case 'W':
    case 'D':
      return 'x';
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'b':
      // A space keeps a word boundary true wherever the pattern puts one (between "504" and "Gateway").
      return ' ';
    case 'B':
      return '';
    default:
      return c;
  }
}

function parse(source: string): Node[][] {
  let i = 0;
  function sequence(): Node[][] {
    const branches: Node[][] = [[]];
    while (i < source.length) {
      const c = source[i] as string;
      const current = branches[branches.length - 1] as Node[];
      if (c === '|') {
        branches.push([]);
        i++;
      } else if (c === ')') {
        return branches;
      } else if (c === '(') {
        i++;
        let lookaround = false;
        if (source[i] === '?') {
          const kind = source.slice(i, i + 3);
          lookaround = kind.startsWith('?=') || kind.startsWith('?!') || kind === '?<=' || kind === '?<!';
          if (kind.startsWith('?<') && !lookaround) i = source.indexOf('>', i) + 1;
          else i += kind === '?<=' || kind === '?<!' ? 3 : 2;
        }
        const inner = sequence();
        i++; // ')'
        if (!lookaround) current.push({ kind: 'alt', branches: inner });
      } else if (c === '[') {
        let j = i + 1;
        while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
        current.push({ kind: 'text', value: classSample(source.slice(i + 1, j)) });
        i = j + 1;
      } else if (c === '\\') {
        current.push({ kind: 'text', value: escapeSample(source[i + 1] ?? '') });
        i += 2;
      } else if (c === '^' || c === '$') {
        i++;
      } else if (c === '?' || c === '*' || c === '+' || c === '{') {
        let min = c === '+' ? 1 : 0;
        if (c === '{') {
          const end = source.indexOf('}', i);
          min = Number(source.slice(i + 1, end).split(',')[0]);
          i = end + 1;
        } else i++;
        if (source[i] === '?') i++; // lazy
        const last = current.pop();
        if (last) current.push({ kind: 'repeat', node: last, min });
      } else {
        current.push({ kind: 'text', value: c === '.' ? 'x' : c });
        i++;
      }
    }
    return branches;
  }
  return sequence();
}

function render(nodes: Node[], choose: (alt: Node) => number): string {
  return nodes
    .map((node) => {
      if (node.kind === 'text') return node.value;
      if (node.kind === 'repeat') return render([node.node], choose).repeat(node.min);
      return render(node.branches[choose(node)] ?? [], choose);
    })
    .join('');
}

function alternations(nodes: Node[], out: Node[] = []): Node[] {
  for (const node of nodes) {
    if (node.kind === 'alt') {
      out.push(node);
      for (const branch of node.branches) alternations(branch, out);
    } else if (node.kind === 'repeat') alternations([node.node], out);
  }
  return out;
}

export function patternSamples(pattern: RegExp): string[] {
  const root: Node = { kind: 'alt', branches: parse(pattern.source) };
  const alts = alternations([root]);
  const samples = new Set<string>();
  for (const alt of alts)
    if (alt.kind === 'alt')
      for (let b = 0; b < alt.branches.length; b++)
        samples.add(render([root], (node) => (node === alt ? b : 0)));
  return [...samples];
}
