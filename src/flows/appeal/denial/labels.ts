/**
 * The labels letters put before each identifier, and the ones that look alike but
 * name something else (a group number, a prescriber's NPI, a date of birth). Data,
 * not code: a new layout usually needs a new label here, not a new rule.
 */
const words = (list: string) => list.split('|');

export const LABELS = {
  memberId: words(
    'member id|member id number|member number|member no|member #|member identification number|id number|' +
      'subscriber id|subscriber number|enrollee id|enrollee number|medicaid id|medicaid number|recipient id|' +
      'beneficiary id|medicare number|medicare id|medicare beneficiary identifier|mbi|identification number|' +
      'patient id|client id|cin',
  ),
  claimNumber: words(
    'claim number|claim no|claim #|claim id|reference number|reference no|reference #|ref #|ref no|ref number|' +
      'our reference|case number|case no|case #|case id|authorization number|authorization #|auth #|auth number|' +
      'prior authorization number|pa number|pa #|request number|request id|request #|appeal number|appeal #|' +
      'appeal id|tracking number|grievance and appeal number|coverage determination number|determination number',
  ),
  noticeDate: words(
    'date|notice date|date of notice|date of this notice|letter date|date of letter|decision date|' +
      'date of decision|date mailed|mail date|date sent|date issued|issue date|notice issue date',
  ),
  drug: words(
    'drug|drugs|drug requested|drugs requested|requested drug|medication|medications|medication requested|requested medication|medicine|' +
      'prescription|prescription drug|item|item requested|service|service requested|requested service|product|' +
      'drug name|medication name|request for|your request for|coverage of|coverage for|drug or service|' +
      'prescribed|denied',
  ),
  reason: words(
    'reason|reasons|reason for denial|reason for our decision|why we denied|why|because|rationale|' +
      'denial reason|explanation|decision|summary|we denied|was denied|is denied|cannot approve|did not approve',
  ),
  /** Only before a colon: "your doctor prescribed" is a sentence, not a label. */
  prescriber: words(
    'prescriber|prescriber name|prescribing provider|prescribing physician|prescribing doctor|' +
      'prescribing clinician|requesting provider|requesting physician|ordering provider|ordering physician|' +
      'provider name|physician name|physician|doctor',
  ),
  policy: words(
    'policy|policy used|criteria|criteria used|coverage policy|clinical policy|medical policy|guideline|' +
      'guideline used|clinical criteria used|policy name|clinical guideline',
  ),
} as const;

/** Lines that name something else: a value on them is never the field asked for. */
export const NOT_THE_FIELD = {
  memberId: /\b(group|grp|npi|bin|pcn|dea|tax|tin|phone|fax|tty|rx ?group|plan id|contract|pbp|ncpdp)\b/i,
  claimNumber: /\b(npi|group|grp|bin|pcn|phone|fax|tty|member|subscriber|previous|prior case|old case)\b/i,
  noticeDate:
    /\b(birth|dob|born|received|receipt|service|effective|fill|filled|dispens|expir|through|until|deadline|within|by\b|before|after|due|request date|date of request|requested on|submitted|started|begin|end)/i,
  drug: /\b(alternative|alternatives|preferred|instead|try|tried|trial|first|options|such as|include|including|formulary drugs|covered drugs|step)\b/i,
} as const;

/** An identifier: letters and digits, maybe dashes, at least one digit. */
export const IDENTIFIER = /^[A-Z0-9][A-Z0-9-]{3,24}$/i;

/** Words in a letter that say a coverage request was turned down. */
export const DENIAL_WORDS =
  /\b(denied|deny|denial|not approved|unable to approve|cannot approve|can ?not be approved|did not approve|not covered|adverse|rejected|declined|upheld|uphold|not medically necessary)\b/i;
