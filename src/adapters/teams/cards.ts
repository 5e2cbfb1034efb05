/**
 * The subset of Adaptive Cards 1.5 the Teams renderer uses, as plain JSON types.
 * Teams renders up to version 1.5 in chat; newer elements would fall back.
 * See https://adaptivecards.io/explorer/ for each element.
 */
export const CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams shows at most this many buttons in one action set; more are hidden behind "…". */
export const MAX_ACTIONS_PER_SET = 6;

/** What a card button may carry back: step and choice ids, a form's submit, or a global command. Never answers. */
export type SubmitData = { step: string; choice?: string } | { step: string; form: 'submit' } | { command: string };

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: SubmitData;
  style?: 'positive' | 'default';
  /**
   * `none`: the button works whatever the card's inputs hold. Since Adaptive Cards 1.3 the
   * default (`auto`) validates every input first, so a button beside a required input that
   * is not its "Continue" would do nothing until the input is filled.
   */
  associatedInputs?: 'auto' | 'none';
  /** `secondary` (Adaptive Cards 1.5): shown in the card's "…" overflow menu instead of as a button. */
  mode?: 'primary' | 'secondary';
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type CardAction = SubmitAction | OpenUrlAction;

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Small' | 'Default' | 'Medium' | 'Large';
  weight?: 'Default' | 'Bolder';
  isSubtle?: boolean;
  color?: 'Default' | 'Attention' | 'Warning' | 'Good' | 'Accent';
  separator?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
}

export interface FactSet {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
  separator?: boolean;
}

interface InputCommon {
  id: string;
  label: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface ChoiceSetInput extends InputCommon {
  type: 'Input.ChoiceSet';
  style: 'compact' | 'expanded' | 'filtered';
  choices: Array<{ title: string; value: string }>;
  placeholder?: string;
  /** Several values, sent comma-separated. */
  isMultiSelect?: boolean;
  value?: string;
}

export interface DateInput extends InputCommon {
  type: 'Input.Date';
  max?: string;
  min?: string;
  placeholder?: string;
}

export interface TextInput extends InputCommon {
  type: 'Input.Text';
  maxLength?: number;
  isMultiline?: boolean;
  placeholder?: string;
  value?: string;
}

export interface ToggleInput extends InputCommon {
  type: 'Input.Toggle';
  title: string;
  value: string;
  valueOn: string;
  valueOff: string;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  separator?: boolean;
}

export type CardElement = TextBlock | FactSet | ChoiceSetInput | DateInput | TextInput | ToggleInput | ActionSet;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: typeof CARD_VERSION;
  body: CardElement[];
  msteams?: { width: 'Full' };
}

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: AdaptiveCard;
}

export function adaptiveCard(body: CardElement[], options: { fullWidth?: boolean } = {}): CardAttachment {
  return {
    contentType: ADAPTIVE_CARD_CONTENT_TYPE,
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: CARD_VERSION,
      body,
      ...(options.fullWidth ? { msteams: { width: 'Full' as const } } : {}),
    },
  };
}

export function textBlock(text: string, style: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...style };
}

export function actionSet(actions: CardAction[], options: { separator?: boolean } = {}): ActionSet {
  return { type: 'ActionSet', actions, ...(options.separator ? { separator: true } : {}) };
}
