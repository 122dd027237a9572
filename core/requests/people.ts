import type { Knex } from 'knex';
import { DomainError } from '../errors.js';
import type { Attendee } from '../nlp/index.js';
import type { AttendeeChoice } from '../nlp/index.js';
import type { Participant } from './types.js';
import { escapeLike } from '../db/like.js';

interface PersonRow {
  id: string;
  username: string;
  name: string;
  email: string;
  timezone: string;
}

export type Person = PersonRow;

/** At most this many people are offered in a "Which Alice — …?" question. */
const MAX_CANDIDATES = 5;

/** Reads people by username, email, id or spoken name. */
export function createPeopleDirectory(db: Knex) {
  const columns = ['id', 'username', 'name', 'email', 'timezone'];
  return {
    async byId(id: string): Promise<Person> {
      const row = await db('users').where({ id }).first<PersonRow | undefined>(columns);
      if (!row) throw new DomainError('user_not_found', 'Your account was not found');
      return row;
    },
    byUsername: (username: string) => db('users').whereRaw('lower(username) = lower(?)', [username]).first<PersonRow | undefined>(columns),
    byEmail: (email: string) => db('users').whereRaw('lower(email) = lower(?)', [email]).first<PersonRow | undefined>(columns),
    /** People a bare name may mean: that username, that full name, or that first name. */
    async byName(name: string): Promise<PersonRow[]> {
      // Dictation may spell "José" with a combining accent; names are stored as typed (composed).
      const n = name.trim().normalize('NFC').toLowerCase();
      return db('users')
        .whereRaw('lower(username) = ?', [n])
        .orWhereRaw('lower(name) = ?', [n])
        .orWhereRaw("lower(name) LIKE ? ESCAPE '\\'", [`${escapeLike(n)} %`])
        .orderBy('username')
        .limit(MAX_CANDIDATES + 1)
        .select<PersonRow[]>(columns);
    },
  };
}

export type PeopleDirectory = ReturnType<typeof createPeopleDirectory>;

/** The people an intent names, or the one name that needs a choice (for core/nlp's clarify). */
export type ResolvedPeople = { participants: Participant[]; choice: null } | { participants: null; choice: AttendeeChoice };

const toParticipant = (p: PersonRow): Participant => ({ username: p.username, name: p.name });

const words = (s: string) => ` ${s.normalize('NFC').toLowerCase().split(/[^\p{L}\p{M}\p{N}'’-]+/u).filter(Boolean).join(' ')} `;

/** The one candidate whose full name (of two words or more) the text says, else all of them. */
function namedInFull(candidates: PersonRow[], text: string): PersonRow[] {
  if (candidates.length < 2 || !text) return candidates;
  const said = words(text);
  const named = candidates.filter((p) => /\s/.test(p.name.trim()) && said.includes(words(p.name)));
  return named.length === 1 ? named : candidates;
}

/**
 * Resolves an intent's attendees to Yava users: `@handle` is a username, an email is looked up,
 * a bare name ("alice") is a username, a full name or a first name; a name several people
 * share comes back as a choice to ask about (each candidate with its username as `handle`, so
 * the answer resolves exactly). The asker is never their own participant. A name several people
 * share is settled without asking when the request's `text` names exactly one of them in full,
 * in any case ("with alice chen" as dictated, where core/nlp reads lower-case names as one word).
 * Throws user_not_found naming who is unknown (the words said in `details.said`).
 */
export async function resolvePeople(people: PeopleDirectory, attendees: Attendee[], askerId: string, text = ''): Promise<ResolvedPeople> {
  const found: PersonRow[] = [];
  for (const attendee of attendees) {
    if (attendee.handle) {
      const person = await people.byUsername(attendee.handle);
      if (!person) throw new DomainError('user_not_found', `No Yava user is called @${attendee.handle}`, { details: { said: attendee.handle } });
      found.push(person);
    } else if (attendee.email) {
      const person = await people.byEmail(attendee.email);
      if (!person) throw new DomainError('user_not_found', `No Yava user has the email ${attendee.email}`, { details: { said: attendee.email } });
      found.push(person);
    } else if (attendee.name) {
      const candidates = await people.byName(attendee.name);
      const others = namedInFull(candidates.filter((p) => p.id !== askerId), text);
      if (!candidates.length) throw new DomainError('user_not_found', `No Yava user is called ${attendee.name}; name them by username (@alice) or email`, { details: { said: attendee.name } });
      if (others.length > 1) return { participants: null, choice: { said: attendee.name, candidates: others.slice(0, MAX_CANDIDATES).map((p) => ({ name: p.name, handle: p.username })) } };
      found.push(others[0] ?? candidates[0]!);
    }
  }
  const seen = new Set<string>([askerId]);
  return { participants: found.filter((p) => !seen.has(p.id) && seen.add(p.id)).map(toParticipant), choice: null };
}
