import type { Loc } from '../parse/index.js';
import type { Resource, Role, Statement } from './types.js';
import { field, items, type Value } from './value.js';

/** Statements of a policy document value (`Statement` may be one map or a list). */
export function statementsOf(doc: Value, origin: string): Statement[] {
  const out: Statement[] = [];
  for (const s of items(field(doc, 'Statement'))) {
    for (const st of s.kind === 'choice' ? [s.then, s.else] : [s]) {
      if (st.kind !== 'map') continue;
      const effect = field(st, 'Effect');
      const action = field(st, 'Action');
      const notAction = field(st, 'NotAction');
      const resource = field(st, 'Resource');
      const notResource = field(st, 'NotResource');
      out.push({
        effect: effect.kind === 'lit' && effect.value === 'Deny' ? 'Deny' : 'Allow',
        actions: items(action.kind !== 'absent' ? action : notAction),
        notActions: action.kind === 'absent' && notAction.kind !== 'absent',
        resources: items(resource.kind !== 'absent' ? resource : notResource),
        notResources: resource.kind === 'absent' && notResource.kind !== 'absent',
        loc: st.loc,
        origin,
      });
    }
  }
  return out;
}

/** Does a value name this resource: Ref/GetAtt of it, its literal physical name, or an ARN ending in it? */
export function refersTo(v: Value, target: Resource, physicalNames: string[] = []): boolean {
  switch (v.kind) {
    case 'ref':
      return v.target === target.logicalId;
    case 'lit':
      return typeof v.value === 'string' && physicalNames.some((n) => n !== '' && (v.value === n || endsWithName(v.value as string, n)));
    case 'template':
      return v.parts.some((p) => typeof p !== 'string' && p.kind === 'ref' && p.target === target.logicalId);
    case 'choice':
      return refersTo(v.then, target, physicalNames) || refersTo(v.else, target, physicalNames);
    default:
      return false;
  }
}

function endsWithName(s: string, name: string): boolean {
  if (!s.endsWith(name)) return false;
  const before = s[s.length - name.length - 1];
  return before === ':' || before === '/';
}

/** The role's statements and managed policies, gathered from everything in the template that attaches to it. */
export function buildRole(role: Resource, all: Iterable<Resource>, referrers: (r: Resource) => { from: Resource }[]): Role {
  const statements: Statement[] = [];
  const managed: Value[] = [...items(role.get('ManagedPolicyArns'))];
  const roleName = role.get('RoleName');
  const names = roleName.kind === 'lit' && typeof roleName.value === 'string' ? [roleName.value] : [];
  items(role.get('Policies')).forEach((p, i) => {
    const name = field(p, 'PolicyName');
    const samTemplate = field(p, 'PolicyTemplate');
    const origin = samTemplate.kind === 'lit' ? `SAM policy template ${samTemplate.value}` : `${role.logicalId}.Policies[${i}]${name.kind === 'lit' ? ` (${name.value})` : ''}`;
    statements.push(...statementsOf(field(p, 'PolicyDocument'), origin));
  });
  const attached = new Set<Resource>();
  for (const ref of referrers(role)) attached.add(ref.from);
  for (const r of all) {
    if (names.length && (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy' || r.type === 'AWS::IAM::RolePolicy')) attached.add(r);
  }
  // Policies whose statements are taken (once, however they attach).
  const taken = new Set<Resource>();
  for (const r of attached) {
    if (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') {
      if (items(r.get('Roles')).some((v) => refersTo(v, role, names))) {
        taken.add(r);
        statements.push(...statementsOf(r.get('PolicyDocument'), `${r.type} ${r.logicalId}`));
      }
    } else if (r.type === 'AWS::IAM::RolePolicy') {
      if (refersTo(r.get('RoleName'), role, names)) statements.push(...statementsOf(r.get('PolicyDocument'), `${r.type} ${r.logicalId}`));
    }
  }
  // Customer managed policies in the template named in ManagedPolicyArns.
  for (const m of managed) {
    if (m.kind === 'ref') {
      const p = role.template.resources.get(m.target);
      if (p?.type === 'AWS::IAM::ManagedPolicy' && !taken.has(p)) statements.push(...statementsOf(p.get('PolicyDocument'), `${p.type} ${p.logicalId}`));
    }
  }
  return { resource: role, managedPolicyArns: managed, statements };
}

export type { Loc };
