/** What users may type as an insurer or drug name we do not know: every kind of trouble for XML and layout. */
export const HOSTILE: Record<string, string> = {
  xml: `Acme <w:t>&amp; "Health" 'Plan'</w:t></w:body> & < > </w:document>`,
  cdata: 'Acme ]]> <![CDATA[ Health ]]>',
  long: `Acme ${'Health Insurance Company '.repeat(400)}`.slice(0, 10_000),
  rtl: 'ביטוח בריאות שלום تأمين صحي',
  emoji: 'Acme 💊🩺👩🏽‍⚕️ Health',
  control: 'Ac\u0000m\u0007e\u001B \u007F\u0085Hea\uFFFElth\uD800\u000B\r\n\tPlan',
  bidi: 'Acme \u202Eevil\u202C \u2067Health\u2069',
  template: '{insurer} [Member ID] letter.title {{x}}',
};

/** Characters XML 1.0 cannot carry, plus direction overrides that would flip the printed words. */
export const FORBIDDEN_IN_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
