import type { Journey } from './journey.ts';

const SHAPES = { question: ['[', ']'], content: ['[/', '/]'], exit: ['([', '])'], 'check-answers': ['[[', ']]'], custom: ['[{{', '}}]'] } as const;

function label(s: string): string {
  return s.replace(/"/g, "'");
}

/**
 * The journey as a Mermaid flowchart: questions are boxes, exits are rounded,
 * branches are labelled with their conditions. For the people who maintain the
 * journeys; paste the output into any Mermaid viewer.
 */
export function journeyMap(journey: Journey): string {
  const lines = ['flowchart TD'];
  const node = (id: string): string => id.replace(/[^a-zA-Z0-9_]/g, '_');
  for (const step of journey.steps) {
    const [open, close] = SHAPES[step.kind];
    const askedIf = (name: string): string => {
      const condition = step.kind === 'question' && step.askIf && Object.hasOwn(step.askIf, name) ? step.askIf[name] : undefined;
      return condition ? ` if ${label(condition.label)}` : '';
    };
    const fields = step.kind === 'question' ? `<br/><small>${step.fields.map((f) => `${f.name}: ${f.kind}${askedIf(f.name)}`).join(', ')}</small>` : '';
    lines.push(`  ${node(step.id)}${open}"${label(step.id)}${fields}"${close}`);
  }
  for (const step of journey.steps) {
    if (step.kind !== 'question' && step.kind !== 'content' && step.kind !== 'custom') continue;
    if (typeof step.next === 'string') {
      lines.push(`  ${node(step.id)} --> ${node(step.next)}`);
      continue;
    }
    for (const branch of step.next) {
      const text = branch.when ? label(branch.when.label) : 'otherwise';
      lines.push(`  ${node(step.id)} -- "${text}" --> ${node(branch.goTo)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
