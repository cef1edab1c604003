// The contract's vocabulary (section 2) in the plain words a person sees. The enum names are what
// the API speaks; nobody reads them. WordsTest holds this file to the enums in the events module:
// every value has words here, and nothing else does. The triggers are worded as on the progress page.

export const CONTEXTS = [
  ['ROMANTIC', 'My partner'],
  ['FAMILY', 'Family'],
  ['FRIENDSHIP', 'A friend'],
  ['WORK', 'Work'],
  ['OTHER', 'Someone else']
];

export const TRIGGERS = [
  ['PARTNER_UNRESPONSIVE', 'No reply, or a late one'],
  ['PLANS_CHANGED', 'Plans changed'],
  ['PERCEIVED_SECRECY', 'Something felt hidden'],
  ['SOCIAL_MEDIA', 'Social media'],
  ['ATTENTION_TO_OTHERS', 'Their attention elsewhere'],
  ['PHYSICAL_DISTANCE', 'Time apart'],
  ['CONFLICT_OR_CRITICISM', 'Conflict or criticism'],
  ['REMINDER_OF_PAST', 'A reminder of the past'],
  ['BEING_VULNERABLE', 'Opening up'],
  ['OTHER', 'Something else']
];

export const BEHAVIORS = [
  ['AVOIDED_SHARING', 'Kept things to myself'],
  ['WITHDREW', 'Pulled away'],
  ['PICKED_CONFLICT', 'Started an argument'],
  ['QUESTIONED_MOTIVES', 'Questioned their motives'],
  ['ACCUSED', 'Accused them'],
  ['SOUGHT_REASSURANCE', 'Asked for reassurance'],
  ['CHECKED_DEVICE', 'Checked their phone or accounts'],
  ['CONTROLLED', 'Told them where to go or whom to see']
];

/** The behaviours whose repetitions count in the figures, so the form asks how many times. */
export const COUNTED_BEHAVIORS = ['SOUGHT_REASSURANCE', 'CHECKED_DEVICE'];

export const COPING = [
  ['ACKNOWLEDGED_FEELINGS', 'Named what I felt'],
  ['SELF_CARE', 'Looked after myself'],
  ['OPEN_COMMUNICATION', 'Talked it through openly'],
  ['SET_BOUNDARIES', 'Set a boundary'],
  ['CHALLENGED_THOUGHT', 'Questioned the worried thought'],
  ['PROFESSIONAL_SUPPORT', 'Reached out for professional support']
];

export const TIED_TO_PAST = 'It echoed something from my past';

/**
 * The GAD-7 (contract section 10) in its published English wording, which is in the public domain:
 * Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety
 * disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092–1097. No permission is needed to
 * reproduce, translate, display or distribute it. The items and answers are kept word for word;
 * the score of an answer is its place in GAD7_ANSWERS.
 */
export const GAD7_QUESTION = 'Over the last 2 weeks, how often have you been bothered by the following problems?';

export const GAD7_ITEMS = [
  'Feeling nervous, anxious, or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid, as if something awful might happen'
];

export const GAD7_ANSWERS = ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'];

export const GAD7_CITATION = 'GAD-7: Spitzer, Kroenke, Williams and Löwe, Archives of Internal Medicine, 2006. '
  + 'Public domain.';

/** Words for a field of the contract's events, for problems the server reports about it. */
export const FIELDS = {
  eventId: 'The entry’s id',
  occurredAt: 'When it happened',
  context: 'Who it was about',
  distress: 'How distressing it felt',
  triggers: 'What set it off',
  behaviors: 'What you did',
  coping: 'What helped',
  note: 'The note',
  text: 'What is on your mind',
  thoughtRecord: 'The thought record',
  'thoughtRecord.automaticThought': 'The thought',
  'thoughtRecord.evidenceFor': 'What supports the thought',
  'thoughtRecord.evidenceAgainst': 'What does not fit with it',
  'thoughtRecord.balancedThought': 'A more balanced thought',
  'thoughtRecord.beliefBefore': 'How much you believed it at first',
  'thoughtRecord.beliefAfter': 'How much you believe it now',
  instrument: 'The questionnaire',
  clinicianId: 'Their Reflect id',
  items: 'The answers'
};

export function wordFor(list, value) {
  const found = list.find(([name]) => name === value);
  return found ? found[1] : 'Something else';
}
