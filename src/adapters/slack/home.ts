import type { types } from '@slack/bolt';
import type { Translator } from '../../core/i18n.js';
import { LIMITS, button, context, plain, sections } from './blocks.js';
import { ACTION, actionId } from './ids.js';

/** The App Home tab: what Overturn is, how private it is, and a button to start. */
export function homeView(t: Translator): types.HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain(t('slack.home.title'), LIMITS.headerText) },
      ...sections(t('slack.home.intro')),
      ...sections(t('slack.home.privacy')),
      {
        type: 'actions',
        block_id: 'ovhome',
        elements: [
          {
            ...button(actionId(ACTION.start, 0), 'start', t('slack.startButton'), t('slack.startButtonLabel')),
            style: 'primary',
          },
        ],
      },
      ...context(t('slack.home.howToStart')),
      ...context(t('slack.home.notAdvice')),
    ],
  };
}
