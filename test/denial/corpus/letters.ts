/**
 * The evaluation corpus: synthetic but realistic denial letters, generated from
 * the cases below, each with its true fields. Every name, number and address is
 * made up. Layouts follow the public notice models (CMS-10146 for Part D,
 * CMS-10003-NDMCP for Medicare Advantage, the Medicaid notice of adverse benefit
 * determination, ERISA and Marketplace plan letters, PBM coverage letters), and
 * each carries the distractors real letters have: a date of birth, a received
 * date, a group number, the prescriber's NPI and fax, the alternatives the plan
 * prefers, and a page of language-assistance taglines.
 */
import { loadKnowledge } from '../../../src/flows/appeal/domain/knowledge.js';

const knowledge = loadKnowledge();

export type Layout = 'part-d' | 'ma' | 'medicaid' | 'erisa' | 'marketplace' | 'pbm' | 'self-funded' | 'fehb';

export interface TrueFields {
  insurer: string;
  drug: string;
  reason: string;
  plan: string;
  noticeDate: string;
  stage: 'first' | 'appeal-denied';
  memberId: string;
  claimNumber: string;
  policy: string;
  appealsAddress: string;
  appealsFax: string;
  prescriber: string;
}

export interface CorpusLetter {
  id: string;
  layout: Layout;
  text: string;
  truth: TrueFields;
  /** A letter that names two requested drugs: the reader must ask which (truth.drug is the first). */
  drugChoices?: string[];
}

interface Case {
  layout: Layout;
  stage?: 'appeal-denied';
  /** Letterhead name, insurer id. */
  from: [string, string];
  /** A PBM writing for the plan. */
  pbm?: string;
  drug: [string, string];
  reason: string;
  date: string;
  alternatives?: string;
  second?: [string, string];
}

const MONTHS = 'January February March April May June July August September October November December'.split(' ');
const longDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${MONTHS[m - 1]} ${d}, ${y}`;
};
const slashDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${m}/${d}/${y}`;
};

/** Small deterministic generator so the corpus is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const REASON_TEXT: Record<string, string[]> = {
  'medical-necessity': [
    'The information provided does not support that this drug is medically necessary for you. The clinical information submitted does not show that you meet the coverage criteria.',
    'Your request does not meet medical necessity criteria. Our records do not show the lab results and clinic notes needed to approve it.',
  ],
  'quantity-limit': [
    'The amount your doctor prescribed exceeds the quantity allowed by your plan. Your plan covers up to 4 pens every 28 days; the prescription asks for 8.',
    'Quantity limit exceeded: the dose requested exceeds the maximum allowed for this drug under your plan.',
  ],
  'step-therapy': [
    'Step therapy requirements not met. Your plan covers this drug only after a trial and failure of preferred drugs.',
    'You have not tried and failed the preferred alternatives our plan requires first. We did not receive documentation of an inadequate response to them.',
  ],
  'non-formulary': [
    "The requested drug is not on your plan's formulary (drug list). Formulary alternatives are available.",
    "This is a non-formulary drug. It is not on the plan's drug list, and your doctor did not show that the covered drugs would not work for you.",
  ],
  'prior-authorization': [
    'Prior authorization required: no authorization on file for this drug when the pharmacy submitted the claim.',
  ],
  experimental: [
    'This use is considered experimental, investigational or unproven. There is insufficient scientific evidence that it improves health outcomes.',
  ],
  'off-label': [
    'The requested use is off-label: it is not a medically accepted indication, and the use is not supported by the compendia.',
  ],
  'benefit-exclusion': [
    'This drug is excluded from your benefit plan. Your plan does not cover drugs for weight loss.',
  ],
  'site-of-care': [
    'The requested site of care is not medically necessary. A lower-cost site of care is available: home infusion or a non-hospital infusion center.',
  ],
};

const POLICY: Record<string, (drug: string, generic: string, n: number) => string> = {
  cigna: (d, g, n) => `Cigna Drug and Biologic Coverage Policy IP ${n} ${g} (${d})`,
  aetna: (d, g, n) => `Aetna Clinical Policy Bulletin ${n}: ${g} (${d})`,
  unitedhealthcare: (d, _g, n) => `UnitedHealthcare Prior Authorization/Medical Necessity Policy 2026D00${n} ${d}`,
  anthem: (d, g, n) => `Anthem Clinical UM Guideline CG-DRUG-${n} ${g} (${d})`,
  humana: (d, _g, n) => `Humana Pharmacy Coverage Policy HUM-${n} ${d}`,
  default: (d, g, n) => `Clinical Policy CP.PHAR.${n} ${g} (${d})`,
};

const CASES: Case[] = [
  // Medicare Part D coverage determinations (CMS-10146 layout)
  {
    layout: 'part-d',
    from: ['Humana', 'humana'],
    drug: ['Ozempic 1 mg/0.74 mL pen', 'ozempic'],
    reason: 'step-therapy',
    date: '2026-03-03',
    alternatives: 'metformin, Trulicity',
  },
  {
    layout: 'part-d',
    from: ['Aetna Medicare', 'aetna'],
    drug: ['Xtandi 40 mg capsules', 'xtandi'],
    reason: 'non-formulary',
    date: '2026-05-18',
    alternatives: 'abiraterone',
  },
  {
    layout: 'part-d',
    from: ['WellCare', 'centene'],
    drug: ['Entresto 49-51 mg tablets', 'entresto'],
    reason: 'quantity-limit',
    date: '2026-07-09',
  },
  {
    layout: 'part-d',
    from: ['UnitedHealthcare', 'unitedhealthcare'],
    pbm: 'OptumRx',
    drug: ['Ibrance 125 mg capsules', 'ibrance'],
    reason: 'medical-necessity',
    date: '2026-02-11',
  },
  {
    layout: 'part-d',
    stage: 'appeal-denied',
    from: ['Humana', 'humana'],
    drug: ['Repatha SureClick 140 mg/mL', 'repatha'],
    reason: 'step-therapy',
    date: '2026-08-21',
    alternatives: 'atorvastatin, ezetimibe',
  },
  {
    layout: 'part-d',
    from: ['Kaiser Permanente', 'kaiser'],
    drug: ['Trikafta tablets', 'trikafta'],
    reason: 'off-label',
    date: '2026-04-02',
  },
  // Medicare Advantage medical benefit (CMS-10003-NDMCP layout)
  {
    layout: 'ma',
    from: ['Humana', 'humana'],
    drug: ['Ocrevus (ocrelizumab) infusion', 'ocrevus'],
    reason: 'site-of-care',
    date: '2026-06-15',
  },
  {
    layout: 'ma',
    from: ['UnitedHealthcare', 'unitedhealthcare'],
    drug: ['Keytruda 200 mg IV', 'keytruda'],
    reason: 'medical-necessity',
    date: '2026-09-30',
  },
  {
    layout: 'ma',
    from: ['Anthem Blue Cross', 'anthem'],
    drug: ['Entyvio 300 mg IV', 'entyvio'],
    reason: 'step-therapy',
    date: '2026-01-27',
    alternatives: 'Remicade',
  },
  {
    layout: 'ma',
    stage: 'appeal-denied',
    from: ['Aetna Medicare', 'aetna'],
    drug: ['Tysabri 300 mg infusion', 'tysabri'],
    reason: 'medical-necessity',
    date: '2026-10-05',
  },
  // Medicaid managed care (notice of adverse benefit determination)
  {
    layout: 'medicaid',
    from: ['Molina Healthcare', 'molina'],
    drug: ['Vyvanse 30 mg capsules', 'vyvanse'],
    reason: 'quantity-limit',
    date: '2026-03-24',
  },
  {
    layout: 'medicaid',
    from: ['Sunshine Health', 'centene'],
    drug: ['Dupixent 300 mg/2 mL pen', 'dupixent'],
    reason: 'step-therapy',
    date: '2026-06-02',
    alternatives: 'triamcinolone cream, tacrolimus ointment',
  },
  {
    layout: 'medicaid',
    from: ['Healthy Blue', 'anthem'],
    drug: ['Biktarvy tablets', 'biktarvy'],
    reason: 'prior-authorization',
    date: '2026-02-19',
  },
  {
    layout: 'medicaid',
    stage: 'appeal-denied',
    from: ['Molina Healthcare', 'molina'],
    drug: ['Spinraza intrathecal injection', 'spinraza'],
    reason: 'medical-necessity',
    date: '2026-07-28',
  },
  {
    layout: 'medicaid',
    from: ['UnitedHealthcare Community Plan', 'unitedhealthcare'],
    drug: ['Epclusa 400/100 mg tablets', 'epclusa'],
    reason: 'medical-necessity',
    date: '2026-11-03',
  },
  // Commercial employer plans (ERISA)
  {
    layout: 'erisa',
    from: ['Cigna Healthcare', 'cigna'],
    drug: ['Humira Pen 40 mg/0.4 mL', 'humira'],
    reason: 'quantity-limit',
    date: '2026-04-14',
  },
  {
    layout: 'erisa',
    from: ['Aetna', 'aetna'],
    drug: ['Wegovy 2.4 mg pen', 'wegovy'],
    reason: 'benefit-exclusion',
    date: '2026-01-08',
  },
  {
    layout: 'erisa',
    from: ['Blue Cross and Blue Shield of Texas', 'bcbs-texas'],
    drug: ['Skyrizi 150 mg/mL pen', 'skyrizi'],
    reason: 'step-therapy',
    date: '2026-05-06',
    alternatives: 'adalimumab-adaz (biosimilar), Enbrel',
  },
  {
    layout: 'erisa',
    from: ['UnitedHealthcare', 'unitedhealthcare'],
    drug: ['Mounjaro 7.5 mg pen', 'mounjaro'],
    reason: 'medical-necessity',
    date: '2026-08-12',
  },
  {
    layout: 'erisa',
    stage: 'appeal-denied',
    from: ['Cigna Healthcare', 'cigna'],
    drug: ['Stelara 90 mg/mL', 'stelara'],
    reason: 'step-therapy',
    date: '2026-09-17',
    alternatives: 'Humira, Cimzia',
  },
  {
    layout: 'erisa',
    stage: 'appeal-denied',
    from: ['Anthem Blue Cross and Blue Shield', 'anthem'],
    drug: ['Xolair 150 mg syringe', 'xolair'],
    reason: 'medical-necessity',
    date: '2026-10-22',
  },
  {
    layout: 'erisa',
    from: ['Florida Blue', 'florida-blue'],
    drug: ['Ozempic 2 mg pen', 'ozempic'],
    second: ['Mounjaro 5 mg pen', 'mounjaro'],
    reason: 'prior-authorization',
    date: '2026-06-29',
  },
  {
    layout: 'self-funded',
    from: ['UMR', 'unitedhealthcare'],
    drug: ['Zepbound 5 mg pen', 'zepbound'],
    reason: 'benefit-exclusion',
    date: '2026-03-12',
  },
  {
    layout: 'self-funded',
    from: ['Aetna', 'aetna'],
    drug: ['Otezla 30 mg tablets', 'otezla'],
    reason: 'non-formulary',
    date: '2026-07-01',
    alternatives: 'methotrexate',
  },
  // Marketplace (individual) plans
  {
    layout: 'marketplace',
    from: ['Ambetter Health', 'centene'],
    drug: ['Jardiance 25 mg tablets', 'jardiance'],
    reason: 'non-formulary',
    date: '2026-02-03',
    alternatives: 'Farxiga',
  },
  {
    layout: 'marketplace',
    from: ['Oscar Health', 'oscar'],
    drug: ['Nurtec ODT 75 mg', 'nurtec'],
    reason: 'quantity-limit',
    date: '2026-04-27',
  },
  {
    layout: 'marketplace',
    from: ['Blue Cross and Blue Shield of Texas', 'bcbs-texas'],
    drug: ['Aimovig 140 mg autoinjector', 'aimovig'],
    reason: 'step-therapy',
    date: '2026-08-04',
    alternatives: 'topiramate, propranolol',
  },
  {
    layout: 'marketplace',
    stage: 'appeal-denied',
    from: ['Oscar Health', 'oscar'],
    drug: ['Saxenda 3 mg pen', 'saxenda'],
    reason: 'benefit-exclusion',
    date: '2026-11-10',
  },
  // Pharmacy benefit managers writing for the plan
  {
    layout: 'pbm',
    from: ['Cigna Healthcare', 'cigna'],
    pbm: 'Express Scripts',
    drug: ['Cosentyx 300 mg Sensoready pen', 'cosentyx'],
    reason: 'step-therapy',
    date: '2026-05-21',
    alternatives: 'Humira, Enbrel',
  },
  {
    layout: 'pbm',
    from: ['Aetna', 'aetna'],
    pbm: 'CVS Caremark',
    drug: ['Rinvoq 15 mg tablets', 'rinvoq'],
    reason: 'non-formulary',
    date: '2026-09-08',
    alternatives: 'Xeljanz',
  },
  {
    layout: 'pbm',
    from: ['UnitedHealthcare', 'unitedhealthcare'],
    pbm: 'Optum Rx',
    drug: ['Trulicity 1.5 mg pen', 'trulicity'],
    reason: 'quantity-limit',
    date: '2026-06-23',
  },
  {
    layout: 'pbm',
    from: ['Anthem Blue Cross', 'anthem'],
    pbm: 'CarelonRx',
    drug: ['Taltz 80 mg autoinjector', 'taltz'],
    reason: 'prior-authorization',
    date: '2026-10-14',
  },
  {
    layout: 'pbm',
    stage: 'appeal-denied',
    from: ['Cigna Healthcare', 'cigna'],
    pbm: 'Express Scripts',
    drug: ['Emgality 120 mg pen', 'emgality'],
    reason: 'quantity-limit',
    date: '2026-07-16',
  },
  // Federal employees
  {
    layout: 'fehb',
    from: ['GEHA', 'geha'],
    drug: ['Nucala 100 mg autoinjector', 'nucala'],
    reason: 'medical-necessity',
    date: '2026-03-30',
  },
];

const PLAN: Record<Layout, string> = {
  'part-d': 'medicare-part-d',
  ma: 'medicare-advantage',
  medicaid: 'medicaid',
  erisa: 'employer',
  'self-funded': 'employer-self-funded',
  marketplace: 'marketplace',
  pbm: 'employer',
  fehb: 'fehb',
};

const CITIES: Array<[string, string, string, string]> = [
  ['PO Box 14165', 'Lexington', 'KY', '40512'],
  ['PO Box 188011', 'Chattanooga', 'TN', '37422'],
  ['PO Box 6106', 'Cypress', 'CA', '90630'],
  ['PO Box 22079', 'Long Beach', 'CA', '90801'],
  ['PO Box 66588', 'St. Louis', 'MO', '63166'],
  ['PO Box 30432', 'Salt Lake City', 'UT', '84130'],
  ['PO Box 52000', 'Phoenix', 'AZ', '85072'],
];

const TAGLINES = [
  'ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia lingüística. Llame al 1-800-555-0199.',
  'CHÚ Ý: Nếu bạn nói Tiếng Việt, có các dịch vụ hỗ trợ ngôn ngữ miễn phí dành cho bạn. Gọi số 1-800-555-0199.',
  '注意：如果您使用繁體中文，您可以免費獲得語言援助服務。請致電 1-800-555-0199。',
  'Language assistance services, free of charge, are available to you. Call 1-800-555-0199 (TTY: 711).',
  'We comply with applicable Federal civil rights laws and do not discriminate on the basis of race, color, national origin, age, disability or sex.',
];

const PRESCRIBERS = ['Dana Okafor, MD', 'Dr. Miguel Santos', 'Priya Raman, NP', "Sean O'Brien, DO", 'Lena Fischer, MD'];
const PRESCRIBER_LABELS = ['Prescriber', 'Prescribing provider', 'Requesting provider', 'Prescribing physician'];

function letterFor(c: Case, n: number): CorpusLetter {
  const r = rng(n * 7919 + 17);
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)]!;
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(r() * 10)).join('');
  const [plan, insurer] = c.from;
  const [drugText, drug] = c.drug;
  const brand = drugText.split(/[ (]/, 1)[0]!;
  const memberId =
    c.layout === 'part-d' || c.layout === 'ma' ? `H${digits(9)}` : `${pick(['W', 'U', 'M', 'XJ'])}${digits(9)}`;
  const claimNumber = `${pick(['PA', 'CD', 'AP', ''])}${digits(4)}-${digits(5)}`;
  const policyFn = POLICY[insurer] ?? POLICY.default!;
  const policy = policyFn(brand, knowledge.drugs.get(drug)?.generic ?? brand.toLowerCase(), 100 + n * 3);
  const [box, city, state, zip] = CITIES[n % CITIES.length]!;
  const appealsUnit = c.layout === 'part-d' ? `${plan} Part D Appeals` : `${plan} Appeals Unit`;
  const appealsAddress = `${appealsUnit}, ${box}, ${city}, ${state} ${zip}`;
  const appealsFax = `${pick(['800', '866', '877', '888'])}-555-${digits(4)}`;
  const prescriberFax = `312-555-${digits(4)}`;
  // From the letter's number, not the random stream: the other values stay as they were.
  const prescriber = PRESCRIBERS[n % PRESCRIBERS.length]!;
  const dob = `${pick(['04', '07', '11', '02'])}/${pick(['12', '23', '03', '30'])}/19${pick(['58', '64', '71', '85', '90'])}`;
  const received = slashDate(
    c.date.replace(/-(\d\d)$/, (_, d) => `-${String(Math.max(1, Number(d) - 3)).padStart(2, '0')}`),
  );
  const dateText = n % 3 === 0 ? slashDate(c.date) : longDate(c.date);
  const appeal = c.stage === 'appeal-denied';
  const reasonText = pick(REASON_TEXT[c.reason]!);
  const requested = c.second ? `${drugText} and ${c.second[0]}` : drugText;
  const idLabel = pick(['Member ID', 'Member number', 'Member ID #', 'Subscriber ID']);
  const claimLabel = pick(['Reference number', 'Case number', 'Claim number', 'Authorization number']);
  const alt = c.alternatives ? `Covered alternatives you could try first include ${c.alternatives}.` : '';
  const pbmLine = c.pbm ? `${c.pbm}, on behalf of ${plan}` : plan;
  const headerFrom =
    c.layout === 'pbm' && c.pbm
      ? [c.pbm, `Prior Authorization Department, administering the pharmacy benefit for ${plan}`]
      : [
          plan,
          pick([
            '500 Great Circle Road, Nashville, TN 37228',
            '151 Farmington Avenue, Hartford, CT 06156',
            '9700 Health Care Lane, Minnetonka, MN 55343',
          ]),
        ];

  const header = [
    ...headerFrom,
    '',
    `Date: ${dateText}`,
    '',
    'Jordan A. Rivera',
    '1428 Maple Street',
    'Springfield, IL 62704',
    '',
    `${idLabel}: ${memberId}`,
    `Date of birth: ${dob}`,
    `Group number: ${c.layout === 'medicaid' ? 'MCD' : 'GRP'}${digits(6)}`,
    `${claimLabel}: ${claimNumber}`,
    `Request received: ${received}`,
    `${PRESCRIBER_LABELS[n % PRESCRIBER_LABELS.length]}: ${prescriber}   NPI: 1${digits(9)}   Prescriber fax: ${prescriberFax}`,
    '',
  ];
  const drugLine = c.second
    ? `Drugs requested: ${requested}`
    : `${pick(['Drug requested', 'Medication requested', 'Medication'])}: ${requested}`;
  const policyLine = pick([`Criteria used: ${policy}`, `We based this decision on the ${policy}.`]);
  let title: string[];
  let body: string[];
  let rights: string[];
  switch (c.layout) {
    case 'part-d':
      title = appeal
        ? ['Notice of Redetermination', 'Medicare Prescription Drug Plan']
        : ['Notice of Denial of Medicare Prescription Drug Coverage'];
      body = appeal
        ? [drugLine, '', `We have reviewed your appeal and we uphold our decision. ${reasonText}`, alt, policyLine]
        : [
            drugLine,
            '',
            `We denied your request for ${brand}. Why we denied your request:`,
            reasonText,
            alt,
            policyLine,
          ];
      rights = appeal
        ? [
            'If you disagree, you can ask for an independent review by the Independent Review Entity (IRE) within 65 days.',
          ]
        : [
            'You have the right to ask us for a redetermination (appeal) within 65 days of the date of this notice.',
            `Mail your appeal request to: ${appealsUnit}`,
            box,
            `${city}, ${state} ${zip}`,
            `Fax: ${appealsFax}`,
          ];
      break;
    case 'ma':
      title = appeal
        ? ['Notice of Reconsideration Decision', 'Medicare Advantage Plan']
        : ['Notice of Denial of Medical Coverage (or Payment)'];
      body = appeal
        ? [drugLine, '', `Our reconsideration decision: we upheld the denial. ${reasonText}`, policyLine]
        : [
            `Your request for ${drugText} was denied.`,
            drugLine,
            '',
            'Why we denied your request:',
            reasonText,
            alt,
            policyLine,
          ];
      rights = [
        'You have the right to appeal our decision. Ask for a reconsideration within 65 days.',
        `Send your written appeal to: ${appealsUnit}, ${box}, ${city}, ${state} ${zip}`,
        `Appeals fax: ${appealsFax}`,
      ];
      break;
    case 'medicaid':
      title = appeal
        ? ['Notice of Appeal Decision', 'Medicaid Managed Care']
        : ['Notice of Adverse Benefit Determination', 'Medicaid Managed Care Program'];
      body = appeal
        ? [
            drugLine,
            '',
            `We reviewed your appeal. Our decision is to uphold the denial. ${reasonText}`,
            policyLine,
            'You may now ask for a State Fair Hearing within 120 days.',
          ]
        : [
            drugLine,
            '',
            'What we decided: we denied this request.',
            `Reason for our decision: ${reasonText}`,
            alt,
            policyLine,
          ];
      rights = [
        'You have the right to appeal within 60 days. You may also ask for a State Fair Hearing after our appeal decision.',
        `Mail your appeal to:`,
        appealsUnit,
        box,
        `${city}, ${state} ${zip}`,
        `Or fax it to ${appealsFax}.`,
      ];
      break;
    case 'marketplace':
      title = appeal ? ['Final Internal Adverse Benefit Determination'] : ['Coverage Determination Notice'];
      body = appeal
        ? [
            drugLine,
            '',
            `We have reviewed your appeal. This is our final internal adverse benefit determination: the denial is upheld. ${reasonText}`,
            policyLine,
          ]
        : [drugLine, '', `Your request for ${brand} was not approved.`, `Reason: ${reasonText}`, alt, policyLine];
      rights = [
        'This plan was bought through the Health Insurance Marketplace (HealthCare.gov).',
        appeal
          ? 'You may ask for an external review within 4 months.'
          : 'You have the right to an internal appeal within 180 days.',
        `Send your written appeal to the following address: ${appealsUnit}, ${box}, ${city}, ${state} ${zip}`,
        `Fax appeals to: ${appealsFax}`,
      ];
      break;
    case 'fehb':
      title = ['Notice of Denial of Benefits', 'Federal Employees Health Benefits Program'];
      body = [drugLine, '', `We cannot approve ${brand}.`, `Reason: ${reasonText}`, policyLine];
      rights = [
        'You may ask us to reconsider within 6 months, and then ask the Office of Personnel Management (OPM) to review.',
        `Mail your reconsideration request to: ${appealsUnit}, ${box}, ${city}, ${state} ${zip}`,
        `Fax: ${appealsFax}`,
      ];
      break;
    default: {
      const selfFunded = c.layout === 'self-funded';
      title = appeal ? ['Appeal Decision', 'Final Adverse Benefit Determination'] : ['Adverse Benefit Determination'];
      body = appeal
        ? [
            drugLine,
            '',
            `We have reviewed your appeal and upheld our original decision. ${reasonText}`,
            alt,
            policyLine,
          ]
        : [
            `${pbmLine}`,
            drugLine,
            '',
            `We reviewed the request for ${brand} and it was denied.`,
            `Reason for denial: ${reasonText}`,
            alt,
            policyLine,
          ];
      rights = [
        selfFunded
          ? 'Your plan is a self-funded group health plan; your employer pays the claims and we administer it.'
          : 'Your plan is an employer group health plan.',
        'You have the right to bring a civil action under section 502(a) of the Employee Retirement Income Security Act (ERISA) after your appeals.',
        appeal
          ? 'You may ask for an external review by an independent review organization within 4 months.'
          : 'You have 180 days from the date you receive this letter to ask for an appeal.',
        `Mail your appeal to:`,
        appealsUnit,
        box,
        `${city}, ${state} ${zip}`,
        `Appeals fax: ${appealsFax}`,
      ];
    }
  }
  const closing = [
    '',
    `Questions? Call Member Services at 1-800-555-${digits(4)} (TTY 711), 8 a.m. to 8 p.m.`,
    '',
    'Sincerely,',
    `${c.pbm ?? plan} Clinical Pharmacy Review`,
    '',
  ];
  const text = [...title, '', ...header, ...body.filter((l) => l !== ''), '', ...rights, ...closing, ...TAGLINES].join(
    '\n',
  );
  const hasAppealAddress = rights.some((l) => l.includes(box));
  return {
    id: `${String(n + 1).padStart(2, '0')}-${c.layout}-${drug}${appeal ? '-appeal' : ''}`,
    layout: c.layout,
    text,
    truth: {
      insurer,
      drug,
      reason: c.reason,
      plan: PLAN[c.layout],
      noticeDate: c.date,
      stage: appeal ? 'appeal-denied' : 'first',
      memberId,
      claimNumber,
      policy,
      appealsAddress: hasAppealAddress ? appealsAddress : '',
      appealsFax: hasAppealAddress ? appealsFax : '',
      prescriber,
    },
    ...(c.second ? { drugChoices: [drug, c.second[1]] } : {}),
  };
}

export function corpusLetters(): CorpusLetter[] {
  return CASES.map(letterFor);
}
