export {};
export { describeStoreConformance, type ConformanceTestApi, type StoreHarness } from './storeConformance.js';
export { FakeClock, settle } from './FakeClock.js';
export { RecordingLogger, type LogEntry, type LogLevelName } from './RecordingLogger.js';
export {
  createScriptedProvider,
  type ScriptedCall,
  type ScriptedProvider,
  type ScriptedProviderOptions,
  type ScriptedReply,
  type ScriptedResponder,
} from './createScriptedProvider.js';
export { createTestEngine, type TestEngine, type TestEngineOptions } from './createTestEngine.js';
export { startPostgresServer, type PostgresServer, type PostgresServerOptions } from './servers/startPostgresServer.js';
export { startRedisServer, type RedisServer } from './servers/startRedisServer.js';
export {
  startFakeOpenAIServer,
  type FakeChatBody,
  type FakeChatRequest,
  type FakeErrorReply,
  type FakeMessageReply,
  type FakeOpenAIServer,
  type FakeOpenAIServerOptions,
  type FakeReply,
  type FakeResponder,
  type FakeToolCall,
} from './FakeOpenAIServer.js';
