import { definePack, defineWorkflow } from '@troupe/sdk';
import { chatTurns, checkSchema } from './code.js';
import { debate } from './debate.js';
import { groupChat } from './groupChat.js';
import { orchestratorWorker } from './orchestratorWorker.js';
import { reflectUntilValid } from './reflect.js';
import { validationGate } from './validationGate.js';

export { chatTurns, checkSchema, speakTaskId, type ChatMessage, type ChatTurns, type Review } from './code.js';
export { debate, type DebateOptions } from './debate.js';
export { groupChat, type GroupChatOptions } from './groupChat.js';
export { orchestratorWorker, type OrchestratorWorkerOptions } from './orchestratorWorker.js';
export { reflectUntilValid, type ReflectOptions } from './reflect.js';
export { roleOf, type PatternBase, type RoleBinding } from './roles.js';
export { validationGate, type ValidationGateOptions } from './validationGate.js';

/** Every pattern with its defaults: roles bound by the capabilities `patterns.<roleId>`. */
export const defaultPatternWorkflows = [orchestratorWorker(), ...groupChat(), ...debate(), ...reflectUntilValid(), ...validationGate()];

export default definePack({
  descriptors: [chatTurns, checkSchema, ...defaultPatternWorkflows.map((definition) => defineWorkflow(definition))],
});
