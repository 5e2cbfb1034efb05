import {
  ConversationState,
  MemoryStorage,
  MessageFactory,
  TestAdapter,
  type Activity,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import {
  ChoicePrompt,
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  ListStyle,
  TextPrompt,
  WaterfallDialog,
  type Choice,
  type DialogContext,
  type DialogState,
  type DialogTurnResult,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { translator } from '../../src/core/i18n.js';
import { parseCommand } from '../../src/flows/commands.js';
import type { AppealContext } from '../../src/flows/appeal/context.js';
import { isCalendarDate, longDate } from '../../src/flows/appeal/domain/calendar.js';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import { runAppealEffect } from '../../src/flows/appeal/effects.js';
import { drugDisplay } from '../../src/flows/appeal/questions.js';
import {
  APPEAL_FLOW_ID,
  APPEAL_STATE_VERSION,
  QUESTION_STEPS,
  type AppealState,
  type Answers,
} from '../../src/flows/appeal/state.js';
import { caseFromState, summaryReply } from '../../src/flows/appeal/summary.js';

/**
 * The seed appeal written the way a Teams developer would write it with Bot
 * Framework dialogs: one WaterfallDialog inside a ComponentDialog (which
 * checks every message for the global commands first), TextPrompts with
 * validators for the insurer, the drug and the date, ChoicePrompts (hero-card
 * buttons) for the rest, ConversationState over MemoryStorage.
 *
 * It does the same work per conversation as our flow: the same catalog
 * strings, the same knowledge matchers for typed names, the same date checks,
 * the same summary (`caseFromState` → `appealCase` → `summaryReply`) and the
 * same letter (`runAppealEffect`). Only the conversation machinery differs.
 */

const APPEAL = 'appeal';
const STEPS = 'appeal-steps';
const INSURER = 'insurer-prompt';
const DRUG = 'drug-prompt';
const DATE = 'date-prompt';
const CHOICE = 'choice-prompt';
const EARLIEST_DATE = '1990-01-01';

function choices(list: Array<{ id: string; label: string }>): Choice[] {
  return list.map(({ id, label }) => ({ value: id, action: { type: 'imBack', title: label, value: id } }));
}

class AppealDialog extends ComponentDialog {
  constructor(
    private readonly ctx: AppealContext,
    private readonly answers: StatePropertyAccessor<Answers>,
  ) {
    super(APPEAL);
    const k = ctx.knowledge;
    this.addDialog(
      new TextPrompt(INSURER, async (p) => this.matched(p, k.match.insurer.match(p.recognized.value ?? ''))),
    );
    this.addDialog(new TextPrompt(DRUG, async (p) => this.matched(p, k.match.drug.match(p.recognized.value ?? ''))));
    this.addDialog(new TextPrompt(DATE, async (p) => this.validDate(p)));
    this.addDialog(new ChoicePrompt(CHOICE).configure({ style: ListStyle.heroCard }));
    this.addDialog(
      new WaterfallDialog(STEPS, [
        (step) => this.askInsurer(step),
        (step) => this.askDrug(step),
        (step) => this.askReason(step),
        (step) => this.askPlan(step),
        (step) => this.askStage(step),
        (step) => this.askDate(step),
        (step) => this.askUrgency(step),
        (step) => this.summaryAndAuthor(step),
        (step) => this.letter(step),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  /** The usual Bot Framework interruption: every message is checked for a global command before the prompt sees it. */
  protected override async onContinueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const text = dc.context.activity.text;
    if (text && parseCommand(text, this.ctx.t)) {
      await dc.context.sendActivity(this.ctx.t('appeal.help.intro'));
      return { status: DialogTurnStatus.waiting };
    }
    return super.onContinueDialog(dc);
  }

  private matched(prompt: PromptValidatorContext<string>, match: { kind: string; id?: string }): boolean {
    if (match.kind !== 'sure' || !match.id) return false;
    // The prompt returns `recognized.value`: hand the next step the knowledge id, not the text.
    prompt.recognized.value = match.id;
    return true;
  }

  /** The flow's date checks: a real calendar date, not in the future, not before the drug existed, not absurdly old. */
  private async validDate(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const date = (prompt.recognized.value ?? '').trim();
    if (!isCalendarDate(date) || date > this.ctx.today || date < EARLIEST_DATE) return false;
    const answers = await this.answers.get(prompt.context, {});
    const drug = answers.drug?.id ? this.ctx.knowledge.drugs.get(answers.drug.id) : undefined;
    if (drug && date < drug.firstApproved) {
      await prompt.context.sendActivity(
        this.ctx.t('appeal.denialDate.beforeDrug', {
          drug: drug.brand,
          approved: longDate(drug.firstApproved),
          date: longDate(date),
        }),
      );
      return false;
    }
    prompt.recognized.value = date;
    return true;
  }

  /** The answers live in conversation state (validators read them too), as in the Bot Framework samples. */
  private values(step: WaterfallStepContext): Promise<Answers> {
    return this.answers.get(step.context, {});
  }

  private async say(step: WaterfallStepContext, text: string): Promise<void> {
    await step.context.sendActivity(text);
  }

  private async askInsurer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, knowledge } = this.ctx;
    await this.say(step, t('appeal.intro', { days: this.ctx.retentionDays, count: QUESTION_STEPS.length }));
    // Like the flow: the listed (most common) insurers as buttons; any other is found by typing.
    const names = [...knowledge.insurers.values()]
      .filter((i) => i.listed)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((i) => i.name);
    const prompt = MessageFactory.suggestedActions([...names, t('appeal.insurer.other')], t('appeal.insurer.question'));
    return step.prompt(INSURER, { prompt, retryPrompt: prompt });
  }

  private async askDrug(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, knowledge } = this.ctx;
    const id = step.result as string;
    const name = knowledge.insurers.get(id)!.name;
    (await this.values(step)).insurer = { id, text: name };
    await this.say(step, t('appeal.insurer.got', { name }));
    const prompt = MessageFactory.text(t('appeal.drug.question'));
    return step.prompt(DRUG, { prompt, retryPrompt: prompt });
  }

  private async askReason(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, knowledge } = this.ctx;
    const id = step.result as string;
    const answers = await this.values(step);
    answers.drug = { id, text: drugDisplay(this.ctx, id) };
    // Same rule as the flow: a denial date before the drug existed is asked again.
    const approved = knowledge.drugs.get(id)?.firstApproved;
    if (approved && answers.denialDate && answers.denialDate < approved) delete answers.denialDate;
    await this.say(step, t('appeal.drug.got', { name: drugDisplay(this.ctx, id) }));
    const list = [...knowledge.reasons.values()].map((r) => ({ id: r.id, label: r.name }));
    return step.prompt(CHOICE, {
      prompt: t('appeal.reason.question'),
      choices: choices([...list, { id: 'other', label: t('appeal.reason.other') }]),
    });
  }

  private async askPlan(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, knowledge } = this.ctx;
    const id = (step.result as { value: string }).value;
    (await this.values(step)).reason = { id: id === 'other' ? null : id };
    await this.say(
      step,
      id === 'other'
        ? t('appeal.reason.otherChosen')
        : t('appeal.reason.got', { name: knowledge.reasons.get(id)!.name }),
    );
    const list = [...knowledge.planTypes.values()].map((p) => ({ id: p.id, label: p.name }));
    return step.prompt(CHOICE, { prompt: t('appeal.plan.question'), choices: choices(list) });
  }

  private async askStage(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t, knowledge } = this.ctx;
    const id = (step.result as { value: string }).value;
    (await this.values(step)).plan = id;
    const plan = knowledge.planTypes.get(id)!;
    await this.say(
      step,
      plan.regime === 'unknown' ? t('appeal.plan.unknownHelp') : t('appeal.plan.got', { name: plan.name }),
    );
    const list = [
      { id: 'first', label: t('appeal.stage.first') },
      { id: 'appeal-denied', label: t('appeal.stage.appealDenied') },
    ];
    return step.prompt(CHOICE, { prompt: t('appeal.stage.question'), choices: choices(list) });
  }

  private async askDate(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = this.ctx;
    const stage = (step.result as { value: string }).value as 'first' | 'appeal-denied';
    (await this.values(step)).stage = stage;
    await this.say(
      step,
      t('appeal.stage.got', { name: t(stage === 'first' ? 'appeal.stage.first' : 'appeal.stage.appealDenied') }),
    );
    const prompt = MessageFactory.text(
      t(stage === 'appeal-denied' ? 'appeal.denialDate.questionAppealDenied' : 'appeal.denialDate.question'),
    );
    return step.prompt(DATE, { prompt, retryPrompt: prompt });
  }

  private async askUrgency(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = this.ctx;
    const date = step.result as string;
    (await this.values(step)).denialDate = date;
    await this.say(step, t('appeal.denialDate.got', { date: longDate(date) }));
    const list = [
      { id: 'yes', label: t('appeal.urgency.yes') },
      { id: 'no', label: t('appeal.urgency.no') },
    ];
    return step.prompt(CHOICE, { prompt: t('appeal.urgency.question'), choices: choices(list) });
  }

  private async summaryAndAuthor(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { t } = this.ctx;
    const urgent = (step.result as { value: string }).value === 'yes';
    const answers = await this.values(step);
    answers.urgent = urgent;
    await this.say(step, t('appeal.urgency.got', { answer: t(urgent ? 'appeal.yesNo.yes' : 'appeal.yesNo.no') }));
    const state = this.state(answers);
    const summary = summaryReply(state, caseFromState(state, this.ctx), this.ctx);
    await step.context.sendActivity({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.overturn.summary', content: summary }],
    });
    const list = [
      { id: 'patient', label: t('appeal.author.patient') },
      { id: 'care-team', label: t('appeal.author.careTeam') },
    ];
    return step.prompt(CHOICE, { prompt: t('appeal.author.question'), choices: choices(list) });
  }

  private async letter(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answers = await this.values(step);
    answers.author = (step.result as { value: string }).value as 'patient' | 'care-team';
    const replies = await runAppealEffect({ type: 'build-letter' }, this.state(answers), this.ctx);
    for (const reply of replies) {
      if (reply.kind === 'file') {
        await step.context.sendActivity({
          type: 'message',
          text: reply.caption,
          attachments: [{ contentType: reply.mimeType, name: reply.fileName, content: reply.bytes }],
        });
      } else if (reply.kind === 'question') {
        await step.context.sendActivity(reply.text);
      }
    }
    return step.endDialog();
  }

  private state(answers: Answers): AppealState {
    return { flow: APPEAL_FLOW_ID, version: APPEAL_STATE_VERSION, step: 'done', answers, editing: false };
  }
}

/** One bot: adapter, storage, state and the dialog set, as in the Bot Framework samples. */
export class ReferenceAppealBot {
  readonly adapter = new TestAdapter();
  private readonly conversationState = new ConversationState(new MemoryStorage());
  private readonly dialogs: DialogSet;

  constructor(today: string) {
    const ctx: AppealContext = {
      today,
      knowledge: loadKnowledge(),
      t: translator('en'),
      locale: 'en',
      retentionDays: 30,
      detailsHours: 24,
    };
    this.dialogs = new DialogSet(this.conversationState.createProperty<DialogState>('dialogState'));
    this.dialogs.add(new AppealDialog(ctx, this.conversationState.createProperty<Answers>('answers')));
  }

  /** One user message; returns what the bot sent back (drained from the TestAdapter's queue). */
  async message(conversationId: string, text: string): Promise<Partial<Activity>[]> {
    const activity: Partial<Activity> = {
      type: 'message',
      text,
      channelId: 'msteams',
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    };
    await this.adapter.processActivity(activity, (context) => this.turn(context));
    return this.adapter.activeQueue.splice(0);
  }

  private async turn(context: TurnContext): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(APPEAL);
    await this.conversationState.saveChanges(context, false);
  }
}
