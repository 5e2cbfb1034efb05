import type { App, webApi } from '@slack/bolt';
import type { Bot, IncomingFile } from '../../bot.js';
import type { Logger } from '../../core/log.js';
import { resolveLocale, translator, type Translator } from '../../core/i18n.js';
import type { Reply, UserInput } from '../../core/types.js';
import { errorName, type InFlight, type OrderedQueue } from '../kit/index.js';
import type { DmDelivery } from './delivery.js';
import type { UserLocales } from './locale.js';
import { sharedLetter, slackFiles } from './files.js';
import { postHandoff } from './handoff.js';
import { homeView } from './home.js';
import { ACTION, OVERTURN_ACTION, actionKind, stepFromBlockId } from './ids.js';
import { FORM_CALLBACK, formModal, submittedValues } from './modal.js';
import { inputFromAction, plainTextFromSlack, slackAction, slackConversation } from './parse.js';
import { answeredQuestion } from './render.js';

/** The step a modal answers: a short id (the modal's private metadata), never free text. */
function stepFromBlockIdSafe(step: string): boolean {
  return /^[\w-]{1,40}$/.test(step) && stepFromBlockId(`ovq|${step}|0`) === step;
}

/** The slash command declared in manifests/slack.yaml. */
export const SLASH_COMMAND = '/appeal';

interface ListenerDeps {
  bot: Bot;
  delivery: DmDelivery;
  /** Each user's Slack language, which a new conversation starts in. */
  locales: UserLocales;
  tasks: InFlight;
  /** A conversation's turns run, and post their replies, one after the other in arrival order. */
  turns: OrderedQueue;
  logger: Logger;
  /** The volunteers' channel for "talk to a person" notices, when configured. */
  handoffChannel?: string;
  /** The Web API base URL when not Slack's own (tests): its origin may serve files too. */
  apiUrl?: string;
}

/** One user action, ready for the engine. */
interface Turn {
  client: webApi.WebClient;
  teamId: string;
  userId: string;
  /** Slack's delivery id; the engine drops a repeated one (Slack retries events it thinks failed). */
  eventId: string;
  input: UserInput;
  /** The denial letter the user shared in the DM (its channel), read instead of `input`. */
  file?: { letter: IncomingFile; channel: string };
  /** Only greet a user who has no conversation yet (opening the DM). */
  onlyIfNew?: boolean;
  /** Where the user acted, when that may be a shared channel rather than the DM. */
  origin?: { channel: string; notify: (text: string) => Promise<unknown> };
  /** Marks the clicked question as answered once the engine has taken the answer, in the conversation's language. */
  markAnswered?: (t: Translator) => Promise<unknown>;
  /** The DM thread the user wrote or clicked in: the answer goes there too. */
  threadTs?: string;
}

/** A reply's thread: the `thread_ts` of a message inside a thread (a thread's parent has none of its own). */
function threadOf(message: { ts?: string; thread_ts?: string } | undefined): string | undefined {
  return message?.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : undefined;
}

/**
 * Wires Slack events, clicks and the slash command to the engine. Every
 * listener acknowledges Slack first and runs the turn afterwards, so a slow
 * store or letter never makes Slack retry.
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const { bot, delivery, locales, tasks, turns, logger } = deps;

  const runTurn = async (turn: Turn): Promise<void> => {
    const conversation = slackConversation(turn.teamId, turn.userId);
    const locale = await locales.of(turn.client, turn.userId);
    const file = turn.file;
    const outcome = file
      ? await bot.handleFile(
          {
            conversation,
            eventId: turn.eventId,
            ...(locale ? { locale } : {}),
            notify: (reply) => delivery.send(turn.client, file.channel, [reply], translator(resolveLocale(locale))),
          },
          file.letter,
        )
      : await bot.handle({
          conversation,
          eventId: turn.eventId,
          input: turn.input,
          ...(locale ? { locale } : {}),
          ...(turn.onlyIfNew ? { onlyIfNew: true } : {}),
        });
    const { replies, handoff } = outcome;
    const t = translator(outcome.locale);
    // No replies: a repeated delivery, a second click, or a returning user opening the DM.
    if (replies.length === 0) return;
    // Cosmetic: failing to grey out the old question must not hold back the next one.
    await turn
      .markAnswered?.(t)
      .catch((error: unknown) =>
        logger.warn(
          { code: 'platform_error', source: 'mark_answered', err: errorName(error) },
          'could not update the answered question',
        ),
      );
    const dm = await delivery.channelFor(turn.client, turn.userId).catch(async (error: unknown) => {
      // Without a DM nothing can be shown; say so where the user is, then fail the turn as usual.
      await turn.origin?.notify(t('slack.dmFailed'));
      throw error;
    });
    if (turn.origin && turn.origin.channel !== dm) await turn.origin.notify(t('slack.movedToDm'));
    // The notice in the volunteers' channel is in the bot's language; the user hears about a failure in theirs.
    const handedOff =
      handoff && deps.handoffChannel
        ? await postHandoff(turn.client, deps.handoffChannel, turn.userId, handoff, bot.t).then(
            () => [],
            (error: unknown): Reply[] => {
              logger.error({ code: 'platform_error', source: 'handoff', err: errorName(error) }, 'hand-off not posted');
              return [{ kind: 'text', tone: 'error', text: t('slack.handoff.failed') }];
            },
          )
        : [];
    await delivery.send(
      turn.client,
      dm,
      [...replies, ...handedOff],
      t,
      turn.origin && turn.origin.channel !== dm ? undefined : turn.threadTs,
    );
  };

  /** Runs work after Slack has been acknowledged; a failure is logged by its source and error code only. */
  const background = (source: string, work: () => Promise<void>): void => {
    tasks.run(work, (error) =>
      logger.error({ code: 'platform_error', source, err: errorName(error) }, 'slack work failed'),
    );
  };
  /** The turn waits for the conversation's earlier ones, so its replies come after theirs. */
  const later = (turn: Turn, source: string): void =>
    background(source, () => turns.run(slackConversation(turn.teamId, turn.userId), () => runTurn(turn)));

  app.command(SLASH_COMMAND, async ({ ack, command, client, respond }) => {
    await ack();
    // Whatever was typed after /appeal is ignored: the conversation asks for each answer in the DM.
    later(
      {
        client,
        teamId: command.team_id,
        userId: command.user_id,
        eventId: command.trigger_id,
        input: { kind: 'start' },
        origin: { channel: command.channel_id, notify: (text) => respond({ response_type: 'ephemeral', text }) },
      },
      'command',
    );
  });

  app.event('app_mention', async ({ event, body, client }) => {
    const userId = event.user;
    if (!userId) return;
    // The mention's text stays unread: it was posted in a channel, answers belong in the DM.
    later(
      {
        client,
        teamId: body.team_id,
        userId,
        eventId: body.event_id,
        input: { kind: 'start' },
        origin: {
          channel: event.channel,
          notify: (text) =>
            client.chat.postEphemeral({
              channel: event.channel,
              user: userId,
              text,
              ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
            }),
        },
      },
      'mention',
    );
  });

  app.event('message', async ({ event, body, client }) => {
    if (event.channel_type === 'im' && event.subtype === 'file_share' && !('bot_id' in event)) {
      // The denial letter, shared in the DM: fetched with the bot token, read, never stored.
      const letter = sharedLetter(slackFiles(event), client.token ?? '', deps.apiUrl);
      if (!letter) return;
      delivery.remember(event.user, event.channel);
      later(
        {
          client,
          teamId: body.team_id,
          userId: event.user,
          eventId: body.event_id,
          input: { kind: 'start' },
          file: { letter, channel: event.channel },
        },
        'file',
      );
      return;
    }
    if (event.channel_type !== 'im' || event.subtype !== undefined || 'bot_id' in event) return;
    const text = plainTextFromSlack(event.text ?? '');
    if (!text) return;
    delivery.remember(event.user, event.channel);
    const threadTs = threadOf(event);
    later(
      {
        client,
        teamId: body.team_id,
        userId: event.user,
        eventId: body.event_id,
        input: { kind: 'text', text },
        ...(threadTs ? { threadTs } : {}),
      },
      'message',
    );
  });

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab === 'home') {
      background('home', async () => {
        const t = translator(resolveLocale(await locales.of(client, event.user)));
        await client.views.publish({ user_id: event.user, view: homeView(t) });
      });
      return;
    }
    delivery.remember(event.user, event.channel);
    // Opening the DM greets a new user once; someone mid-appeal just carries on.
    later(
      {
        client,
        teamId: body.team_id,
        userId: event.user,
        eventId: body.event_id,
        input: { kind: 'start' },
        onlyIfNew: true,
      },
      'dm_opened',
    );
  });

  app.action(OVERTURN_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const clicked = slackAction.safeParse(action);
    if (clicked.success && actionKind(clicked.data.action_id) === ACTION.form) {
      // Started now (the trigger id lasts 3 seconds), tracked like any other work after the acknowledgement.
      const teamId = body.team?.id ?? body.user.team_id;
      background('form_open', () => openForm(client, teamId, body.user.id, body.trigger_id, respond));
      return;
    }
    const input = clicked.success ? inputFromAction(clicked.data) : null;
    const teamId = body.team?.id ?? body.user.team_id;
    if (!clicked.success || !input || !teamId) return;
    const channel = body.channel?.id;
    const message = body.message;
    const answersQuestion = input.kind === 'choice' || input.kind === 'date';
    const threadTs = threadOf(message);
    later(
      {
        client,
        teamId,
        userId: body.user.id,
        eventId: `${body.trigger_id}:${clicked.data.action_id}`,
        input,
        ...(threadTs ? { threadTs } : {}),
        ...(channel
          ? { origin: { channel, notify: (text: string) => respond({ response_type: 'ephemeral', text }) } }
          : {}),
        ...(channel && message && answersQuestion
          ? {
              markAnswered: (t: Translator) =>
                client.chat.update({
                  channel,
                  ts: message.ts,
                  text: t('slack.questionFallback'),
                  blocks: answeredQuestion(message.blocks ?? [], t),
                }),
            }
          : {}),
      },
      'action',
    );
  });

  /**
   * "Add details": the engine re-shows the open question (nothing changes) and
   * its form opens as a modal. Slack's trigger id lasts 3 seconds, so this runs
   * right away rather than after the acknowledgement's background work.
   */
  const openForm = async (
    client: webApi.WebClient,
    teamId: string | undefined,
    userId: string,
    triggerId: string,
    respond: (message: { response_type: 'ephemeral'; text: string }) => Promise<unknown>,
  ): Promise<void> => {
    if (!teamId) return;
    const conversation = slackConversation(teamId, userId);
    let t = bot.t;
    try {
      const outcome = await bot.handle({ conversation, input: { kind: 'start' } });
      t = translator(outcome.locale);
      const question = outcome.replies.findLast((r) => r.kind === 'question');
      if (question?.kind !== 'question' || question.input.type !== 'form') {
        await respond({ response_type: 'ephemeral', text: t('slack.formClosed') });
        return;
      }
      await client.views.open({ trigger_id: triggerId, view: formModal(question.step, question.input, question.hint) });
    } catch (error) {
      logger.error({ code: 'platform_error', source: 'form_open', err: errorName(error) }, 'could not open the form');
      await respond({ response_type: 'ephemeral', text: t('slack.formFailed') }).catch(() => undefined);
    }
  };

  app.view(FORM_CALLBACK, async ({ ack, body, view, client }) => {
    // Closing the modal at once; the answer arrives in the DM like any other.
    await ack();
    const teamId = body.team?.id ?? body.user.team_id;
    if (!teamId || !stepFromBlockIdSafe(view.private_metadata)) return;
    later(
      {
        client,
        teamId,
        userId: body.user.id,
        eventId: `view:${view.id}:${view.hash}`,
        input: { kind: 'form', step: view.private_metadata, values: submittedValues(view.state.values) },
      },
      'form',
    );
  });

  app.error(async (error) => {
    logger.error({ code: 'platform_error', err: errorName(error) }, 'slack listener failed');
  });
}
