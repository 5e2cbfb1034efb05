/**
 * The organisation running the bot (an advocacy group, a clinic): its name, a
 * link, and one line on how to reach its people. Absent: the bot speaks for itself.
 */
export interface Organisation {
  name: string;
  url?: string;
  /** How to reach the group's volunteers: a channel, an email, a web page. */
  help?: string;
}
