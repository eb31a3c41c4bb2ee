/**
 * Reads messages the way a person sees them in Feishu: text as is, cards as their header, markdown,
 * field labels and button captions. Also finds a card's callback buttons and form, so tests can press.
 */
type Node = Record<string, unknown>;

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
const plainOf = (v: unknown) => (v && typeof v === 'object' ? String((v as Node)['content'] ?? '') : '');

function elementLines(el: Node): string[] {
  switch (el['tag']) {
    case 'markdown':
      return [decode(String(el['content'] ?? ''))];
    case 'button':
      return [`[${plainOf(el['text'])}]`];
    case 'input':
      return [`${plainOf(el['label'])}: ${String(el['default_value'] ?? '')}`];
    case 'date_picker':
      return [`(${String(el['initial_date'] ?? '')})`];
    case 'select_static': {
      const options = (el['options'] as Node[] | undefined) ?? [];
      const chosen = options.find((o) => o['value'] === el['initial_option']);
      return [`(${chosen ? plainOf(chosen['text']) : ''})`];
    }
    case 'img':
      return [`[image: ${plainOf(el['alt'])}]`];
    case 'column_set': {
      const columns = (el['columns'] as Node[] | undefined) ?? [];
      return [columns.flatMap((c) => ((c['elements'] as Node[] | undefined) ?? []).flatMap(elementLines)).join('  ')];
    }
    case 'form':
      return ((el['elements'] as Node[] | undefined) ?? []).flatMap(elementLines);
    default:
      return [];
  }
}

export function cardText(card: Node): string {
  const title = plainOf((card['header'] as Node | undefined)?.['title']);
  const elements = ((card['body'] as Node | undefined)?.['elements'] as Node[] | undefined) ?? [];
  return [title, ...elements.flatMap(elementLines)].filter((l) => l !== '').join('\n');
}

export function messageText(msgType: string, content: string): string {
  const parsed = JSON.parse(content) as Node;
  if (msgType === 'text') return String(parsed['text'] ?? '');
  if (msgType === 'interactive') return cardText(parsed);
  return content;
}

export interface CardButton {
  label: string;
  value: { action: string; value: string; dm?: number };
  /** The button submits the card's form. */
  submits: boolean;
}

export interface CardFormField {
  name: string;
  tag: string;
  initial: string | undefined;
}

function walk(el: Node, visit: (n: Node) => void): void {
  visit(el);
  for (const key of ['elements', 'columns']) {
    const children = el[key];
    if (Array.isArray(children)) for (const c of children as Node[]) walk(c, visit);
  }
}

export function cardButtons(card: Node): CardButton[] {
  const buttons: CardButton[] = [];
  walk((card['body'] as Node | undefined) ?? {}, (n) => {
    if (n['tag'] !== 'button') return;
    const behavior = ((n['behaviors'] as Node[] | undefined) ?? []).find((b) => b['type'] === 'callback');
    if (behavior) buttons.push({ label: plainOf(n['text']), value: behavior['value'] as CardButton['value'], submits: n['form_action_type'] === 'submit' });
  });
  return buttons;
}

export function cardFormFields(card: Node): CardFormField[] {
  const fields: CardFormField[] = [];
  walk((card['body'] as Node | undefined) ?? {}, (n) => {
    const tag = String(n['tag']);
    if (!['input', 'date_picker', 'select_static'].includes(tag) || typeof n['name'] !== 'string') return;
    const initial = n['default_value'] ?? n['initial_date'] ?? n['initial_option'];
    fields.push({ name: n['name'], tag, initial: typeof initial === 'string' ? initial : undefined });
  });
  return fields;
}
