/**
 * A neutral form as a Slack modal, and a submitted modal back as form values. Each field is one input
 * block whose block_id and action_id are the field's name, so the submission maps back without a lookup.
 * The modal carries the action to submit and where to answer in private_metadata.
 */
import type { types, ViewOutput } from '@slack/bolt';
import { z } from 'zod';
import type { FormField, Reply } from '../../../src/core/messages.ts';
import { originSchema } from '../origin.ts';
import { clip } from '../text.ts';
import { LIMITS } from './limits.ts';

type FormReply = Extract<Reply, { kind: 'form' }>;
type Block = types.KnownBlock;

export const FORM_CALLBACK_ID = 'kam.form';

/** A text field with this name is a customer; with a customer search it becomes a typeahead. */
export const CUSTOMER_FIELD = 'customer';

const metaSchema = z.object({ a: z.string(), v: z.string(), o: originSchema });
export type FormMeta = z.infer<typeof metaSchema>;

export function readFormMeta(privateMetadata: string): FormMeta | null {
  try {
    const parsed = metaSchema.safeParse(JSON.parse(privateMetadata));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const plain = (text: string, max: number) => ({ type: 'plain_text' as const, text: clip(text, max), emoji: true });
const isIsoDay = (v: string | undefined): v is string => v !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v);

function selectOptions(field: FormField): types.PlainTextOption[] {
  return (field.options ?? []).slice(0, LIMITS.optionsPerSelect).map((o) => ({
    text: plain(o.label, LIMITS.optionText),
    value: clip(o.value, LIMITS.optionValue),
  }));
}

function element(field: FormField, typeahead: boolean): types.InputBlockElement {
  const placeholder = field.placeholder ? { placeholder: plain(field.placeholder, LIMITS.placeholder) } : {};
  const id = { action_id: field.name };
  switch (field.kind) {
    case 'date':
      // A pre-filled value that is not a plain day (the user typed "next Wed" elsewhere) stays editable as text.
      if (field.value && !isIsoDay(field.value)) return { type: 'plain_text_input', ...id, initial_value: field.value };
      return { type: 'datepicker', ...id, ...placeholder, ...(isIsoDay(field.value) ? { initial_date: field.value } : {}) };
    case 'select': {
      const options = selectOptions(field);
      const initial = options.find((o) => o.value === field.value);
      return { type: 'static_select', ...id, ...placeholder, options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'number': {
      const initial = field.value && Number.isFinite(Number(field.value)) ? { initial_value: field.value } : {};
      return { type: 'number_input', ...id, is_decimal_allowed: true, ...placeholder, ...initial };
    }
    case 'multiline':
    case 'text': {
      if (field.kind === 'text' && typeahead && field.name === CUSTOMER_FIELD) {
        const initial = field.value ? { initial_option: { text: plain(field.value, LIMITS.optionText), value: clip(field.value, LIMITS.optionValue) } } : {};
        return { type: 'external_select', ...id, min_query_length: 1, ...placeholder, ...initial };
      }
      return {
        type: 'plain_text_input',
        ...id,
        multiline: field.kind === 'multiline',
        ...placeholder,
        ...(field.value ? { initial_value: field.value } : {}),
      };
    }
  }
}

function inputBlock(field: FormField, typeahead: boolean): Block {
  return {
    type: 'input',
    block_id: field.name,
    label: plain(field.label, LIMITS.inputLabel),
    optional: field.required !== true,
    element: element(field, typeahead),
  };
}

export function formView(form: FormReply, meta: FormMeta, opts: { typeahead: boolean }): types.ModalView {
  const title = clip(form.title, LIMITS.modalTitle);
  // Slack cuts modal titles at 24 characters; a longer title is repeated in full above the fields.
  const heading: Block[] = title === form.title ? [] : [{ type: 'header', text: plain(form.title, LIMITS.headerText) }];
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plain(title, LIMITS.modalTitle),
    submit: plain(form.submitLabel, LIMITS.modalButton),
    private_metadata: JSON.stringify(meta),
    blocks: [...heading, ...form.fields.map((f) => inputBlock(f, opts.typeahead))].slice(0, LIMITS.modalBlocks),
  };
}

/** The submitted values by field name; an emptied field is an empty string, as on the console. */
export function formValues(view: ViewOutput): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(view.state.values)) {
    const state = Object.values(actions)[0];
    if (!state) continue;
    values[blockId] = state.value ?? state.selected_date ?? state.selected_option?.value ?? '';
  }
  return values;
}

/** Private metadata must fit Slack's limit; a submit value that does not fit cannot round-trip. */
export function fitsMetadata(meta: FormMeta): boolean {
  return JSON.stringify(meta).length <= LIMITS.privateMetadata;
}
