/** Words that say yes to a question: "yes", "yeah", "sure", "ok", "please do", "go ahead". */
const YES = /^\s*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|please\s+do|do\s+it|go\s+ahead|correct|that'?s\s+right)\b/i;
/** Words that say no: "no", "nope", "don't", "never mind", "leave it"; never "no one" or "nobody" (an answer to "Who else …?"). */
const NO = /^\s*(?:no(?!\s*(?:one|body)\b)|nope|nah|don'?t|do\s+not|never\s*mind|not\s+now|leave\s+it|keep\s+it)\b/i;

/**
 * Whether an answer to a yes-or-no question ("Cancel your 3 PM with Alice?", "Should I book
 * it?") says yes, says no, or neither (it says something else: read it as words).
 * @example readYesNo('yes please') // 'yes'
 * @example readYesNo('no one else') // null
 */
export function readYesNo(answer: string): 'yes' | 'no' | null {
  if (YES.test(answer)) return 'yes';
  return NO.test(answer) ? 'no' : null;
}
