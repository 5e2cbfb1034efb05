import { describe, expect, it } from 'vitest';
import { detailsFromLetter } from '../../src/flows/appeal/denial/details.js';

const fax = (n: string) => `Fax: ${n}`;

describe('identifiers from the denial letter as letter details', () => {
  it('fills what the user has not given, and leaves what they typed', () => {
    const details = detailsFromLetter(
      { memberId: 'W123456789', claimNumber: 'PA1234-56789', prescriber: 'Dr. Miguel Santos' },
      { memberId: 'W999', patientName: 'Jordan Rivera' },
      fax,
    );
    expect(details).toEqual({
      memberId: 'W999',
      patientName: 'Jordan Rivera',
      claimNumber: 'PA1234-56789',
      prescriberName: 'Dr. Miguel Santos',
    });
  });

  it('lays the appeals address out in lines, city and ZIP together, the fax last', () => {
    const address = 'Humana Part D Appeals, Grievance Department, PO Box 14165, Lexington, KY 40512';
    expect(detailsFromLetter({ appealsAddress: address }, {}, fax).appealsAddress).toBe(
      'Humana Part D Appeals, Grievance Department\nPO Box 14165\nLexington, KY 40512',
    );
    expect(detailsFromLetter({ appealsAddress: address, appealsFax: '800-555-0101' }, {}, fax).appealsAddress).toBe(
      'Humana Part D Appeals, Grievance Department, PO Box 14165\nLexington, KY 40512\nFax: 800-555-0101',
    );
    expect(detailsFromLetter({ appealsFax: '800-555-0101' }, {}, fax).appealsAddress).toBe('Fax: 800-555-0101');
  });
});
