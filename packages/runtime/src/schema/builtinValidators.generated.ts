// Generated from the sdk's schemas by renderBuiltinValidators (`pnpm docs:errors`); do not edit.
// @ts-nocheck
import ajvRuntime_ucs2lengthModule from 'ajv/dist/runtime/ucs2length.js';
import ajvRuntime_equalModule from 'ajv/dist/runtime/equal.js';
const ajvRuntime_ucs2length = typeof ajvRuntime_ucs2lengthModule === 'function' ? ajvRuntime_ucs2lengthModule : ajvRuntime_ucs2lengthModule.default;
const ajvRuntime_equal = typeof ajvRuntime_equalModule === 'function' ? ajvRuntime_equalModule : ajvRuntime_equalModule.default;
export const validateHostConfig = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://troupe.dev/schemas/host-config.schema.json","title":"Troupe host configuration (troupe.config.json)","type":"object","additionalProperties":false,"properties":{"$schema":{"type":"string"},"packs":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["use"],"properties":{"use":{"type":"string","minLength":1,"description":"npm package name or relative path to a pack folder."},"version":{"type":"string","minLength":1,"description":"Semver range the installed version must satisfy."},"enabled":{"type":"boolean","default":true},"priority":{"type":"number","default":0},"options":{"type":"object"},"onFailure":{"enum":["abort","continue"],"default":"continue"},"activationTimeoutMs":{"type":"integer","minimum":1}}}},"activationTimeoutMs":{"type":"integer","minimum":1,"default":10000},"overrides":{"type":"object","propertyNames":{"pattern":"^(workflow|tool|guardrail|persona|provider|code):.+$"},"additionalProperties":{"type":"object","additionalProperties":false,"properties":{"enabled":{"type":"boolean"},"priority":{"type":"number"}}}},"secrets":{"type":"object","additionalProperties":false,"properties":{"sources":{"type":"array","items":{"enum":["programmatic","env","file"]},"uniqueItems":true},"file":{"type":"string","minLength":1}}},"policies":{"type":"object","additionalProperties":{"type":"array","items":{"type":"string","minLength":1}}},"store":{"type":"string","pattern":"^(memory|sqlite:.+|postgres(ql)?://.+)$"},"engine":{"type":"object","additionalProperties":false,"properties":{"maxConcurrentRuns":{"type":"integer","minimum":1},"defaultTaskTimeoutMs":{"type":"integer","minimum":1},"maxPayloadBytes":{"type":"integer","minimum":1024},"maxPayloadDepth":{"type":"integer","minimum":1,"maximum":100},"durability":{"enum":["strict","batched"]}}},"server":{"type":"object","additionalProperties":false,"properties":{"host":{"type":"string"},"port":{"type":"integer","minimum":0,"maximum":65535},"maxFrameBytes":{"type":"integer","minimum":256},"maxConnections":{"type":"integer","minimum":1},"maxConnectionsPerToken":{"type":"integer","minimum":1},"maxStreamBufferBytes":{"type":"integer","minimum":65536},"tokens":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["name","scopes"],"properties":{"name":{"type":"string","minLength":1},"hash":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"},"token":{"type":"string","minLength":16},"scopes":{"type":"array","items":{"enum":["read","start","answer","admin","drafts:approve"]},"minItems":1},"conversationIds":{"type":"array","items":{"type":"string"}}}}}}},"retention":{"type":"object","additionalProperties":false,"properties":{"completedDays":{"type":"number","minimum":0},"failedDays":{"type":"number","minimum":0},"cancelledDays":{"type":"number","minimum":0},"auditDays":{"type":"number","minimum":0},"pruneIntervalMinutes":{"type":"number","exclusiveMinimum":0}}},"triggers":{"type":"array","items":{"allOf":[{"type":"object","required":["id","type"],"properties":{"id":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},"type":{"enum":["cron","runAt","event"]},"cron":{"type":"string","minLength":1},"timezone":{"type":"string","minLength":1},"runAt":{"type":"string","minLength":1},"event":{"type":"string","minLength":1},"filter":{"type":"string","minLength":1},"input":{},"catchUp":{"enum":["none","latest","all"]},"workflowId":{"type":"string"}},"allOf":[{"if":{"properties":{"type":{"const":"cron"}}},"then":{"required":["cron"]}},{"if":{"properties":{"type":{"const":"runAt"}}},"then":{"required":["runAt"]}},{"if":{"properties":{"type":{"const":"event"}}},"then":{"required":["event"]}}]},{"type":"object","required":["workflowId"],"properties":{"workflowId":{"type":"string","minLength":1}}}]}},"log":{"type":"object","additionalProperties":false,"properties":{"level":{"enum":["fatal","error","warn","info","debug","trace","silent"]},"file":{"type":"string","minLength":1}}}}};
const func2 = Object.prototype.hasOwnProperty;
const func3 = ajvRuntime_ucs2length;
const func0 = ajvRuntime_equal;
const pattern0 = new RegExp("^(workflow|tool|guardrail|persona|provider|code):.+$", "u");
const pattern1 = new RegExp("^(memory|sqlite:.+|postgres(ql)?://.+)$", "u");
const pattern2 = new RegExp("^sha256:[0-9a-f]{64}$", "u");
const pattern3 = new RegExp("^[A-Za-z0-9][A-Za-z0-9_.:-]*$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://troupe.dev/schemas/host-config.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.$schema !== undefined){
if(typeof data.$schema !== "string"){
const err1 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.packs !== undefined){
let data1 = data.packs;
if(Array.isArray(data1)){
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
let data2 = data1[i0];
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.use === undefined){
const err2 = {instancePath:instancePath+"/packs/" + i0,schemaPath:"#/properties/packs/items/required",keyword:"required",params:{missingProperty: "use"},message:"must have required property '"+"use"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key1 in data2){
if(!(((((((key1 === "use") || (key1 === "version")) || (key1 === "enabled")) || (key1 === "priority")) || (key1 === "options")) || (key1 === "onFailure")) || (key1 === "activationTimeoutMs"))){
const err3 = {instancePath:instancePath+"/packs/" + i0,schemaPath:"#/properties/packs/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data2.use !== undefined){
let data3 = data2.use;
if(typeof data3 === "string"){
if(func3(data3) < 1){
const err4 = {instancePath:instancePath+"/packs/" + i0+"/use",schemaPath:"#/properties/packs/items/properties/use/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/packs/" + i0+"/use",schemaPath:"#/properties/packs/items/properties/use/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data2.version !== undefined){
let data4 = data2.version;
if(typeof data4 === "string"){
if(func3(data4) < 1){
const err6 = {instancePath:instancePath+"/packs/" + i0+"/version",schemaPath:"#/properties/packs/items/properties/version/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/packs/" + i0+"/version",schemaPath:"#/properties/packs/items/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data2.enabled !== undefined){
if(typeof data2.enabled !== "boolean"){
const err8 = {instancePath:instancePath+"/packs/" + i0+"/enabled",schemaPath:"#/properties/packs/items/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data2.priority !== undefined){
let data6 = data2.priority;
if(!((typeof data6 == "number") && (isFinite(data6)))){
const err9 = {instancePath:instancePath+"/packs/" + i0+"/priority",schemaPath:"#/properties/packs/items/properties/priority/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data2.options !== undefined){
let data7 = data2.options;
if(!(data7 && typeof data7 == "object" && !Array.isArray(data7))){
const err10 = {instancePath:instancePath+"/packs/" + i0+"/options",schemaPath:"#/properties/packs/items/properties/options/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.onFailure !== undefined){
let data8 = data2.onFailure;
if(!((data8 === "abort") || (data8 === "continue"))){
const err11 = {instancePath:instancePath+"/packs/" + i0+"/onFailure",schemaPath:"#/properties/packs/items/properties/onFailure/enum",keyword:"enum",params:{allowedValues: schema11.properties.packs.items.properties.onFailure.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data2.activationTimeoutMs !== undefined){
let data9 = data2.activationTimeoutMs;
if(!(((typeof data9 == "number") && (!(data9 % 1) && !isNaN(data9))) && (isFinite(data9)))){
const err12 = {instancePath:instancePath+"/packs/" + i0+"/activationTimeoutMs",schemaPath:"#/properties/packs/items/properties/activationTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 < 1 || isNaN(data9)){
const err13 = {instancePath:instancePath+"/packs/" + i0+"/activationTimeoutMs",schemaPath:"#/properties/packs/items/properties/activationTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
}
}
else {
const err14 = {instancePath:instancePath+"/packs/" + i0,schemaPath:"#/properties/packs/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/packs",schemaPath:"#/properties/packs/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.activationTimeoutMs !== undefined){
let data10 = data.activationTimeoutMs;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
const err16 = {instancePath:instancePath+"/activationTimeoutMs",schemaPath:"#/properties/activationTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 < 1 || isNaN(data10)){
const err17 = {instancePath:instancePath+"/activationTimeoutMs",schemaPath:"#/properties/activationTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
if(data.overrides !== undefined){
let data11 = data.overrides;
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
for(const key2 in data11){
const _errs26 = errors;
if(typeof key2 === "string"){
if(!pattern0.test(key2)){
const err18 = {instancePath:instancePath+"/overrides",schemaPath:"#/properties/overrides/propertyNames/pattern",keyword:"pattern",params:{pattern: "^(workflow|tool|guardrail|persona|provider|code):.+$"},message:"must match pattern \""+"^(workflow|tool|guardrail|persona|provider|code):.+$"+"\"",propertyName:key2};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
var valid4 = _errs26 === errors;
if(!valid4){
const err19 = {instancePath:instancePath+"/overrides",schemaPath:"#/properties/overrides/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
for(const key3 in data11){
let data12 = data11[key3];
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
for(const key4 in data12){
if(!((key4 === "enabled") || (key4 === "priority"))){
const err20 = {instancePath:instancePath+"/overrides/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/overrides/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data12.enabled !== undefined){
if(typeof data12.enabled !== "boolean"){
const err21 = {instancePath:instancePath+"/overrides/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/enabled",schemaPath:"#/properties/overrides/additionalProperties/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data12.priority !== undefined){
let data14 = data12.priority;
if(!((typeof data14 == "number") && (isFinite(data14)))){
const err22 = {instancePath:instancePath+"/overrides/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/priority",schemaPath:"#/properties/overrides/additionalProperties/properties/priority/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
else {
const err23 = {instancePath:instancePath+"/overrides/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/overrides/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
else {
const err24 = {instancePath:instancePath+"/overrides",schemaPath:"#/properties/overrides/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.secrets !== undefined){
let data15 = data.secrets;
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
for(const key5 in data15){
if(!((key5 === "sources") || (key5 === "file"))){
const err25 = {instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data15.sources !== undefined){
let data16 = data15.sources;
if(Array.isArray(data16)){
const len1 = data16.length;
for(let i1=0; i1<len1; i1++){
let data17 = data16[i1];
if(!(((data17 === "programmatic") || (data17 === "env")) || (data17 === "file"))){
const err26 = {instancePath:instancePath+"/secrets/sources/" + i1,schemaPath:"#/properties/secrets/properties/sources/items/enum",keyword:"enum",params:{allowedValues: schema11.properties.secrets.properties.sources.items.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
let i2 = data16.length;
let j0;
if(i2 > 1){
outer0:
for(;i2--;){
for(j0 = i2; j0--;){
if(func0(data16[i2], data16[j0])){
const err27 = {instancePath:instancePath+"/secrets/sources",schemaPath:"#/properties/secrets/properties/sources/uniqueItems",keyword:"uniqueItems",params:{i: i2, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i2+" are identical)"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
break outer0;
}
}
}
}
}
else {
const err28 = {instancePath:instancePath+"/secrets/sources",schemaPath:"#/properties/secrets/properties/sources/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data15.file !== undefined){
let data18 = data15.file;
if(typeof data18 === "string"){
if(func3(data18) < 1){
const err29 = {instancePath:instancePath+"/secrets/file",schemaPath:"#/properties/secrets/properties/file/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/secrets/file",schemaPath:"#/properties/secrets/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data.policies !== undefined){
let data19 = data.policies;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
for(const key6 in data19){
let data20 = data19[key6];
if(Array.isArray(data20)){
const len2 = data20.length;
for(let i3=0; i3<len2; i3++){
let data21 = data20[i3];
if(typeof data21 === "string"){
if(func3(data21) < 1){
const err32 = {instancePath:instancePath+"/policies/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i3,schemaPath:"#/properties/policies/additionalProperties/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/policies/" + key6.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i3,schemaPath:"#/properties/policies/additionalProperties/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
else {
const err34 = {instancePath:instancePath+"/policies/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/policies/additionalProperties/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
}
else {
const err35 = {instancePath:instancePath+"/policies",schemaPath:"#/properties/policies/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data.store !== undefined){
let data22 = data.store;
if(typeof data22 === "string"){
if(!pattern1.test(data22)){
const err36 = {instancePath:instancePath+"/store",schemaPath:"#/properties/store/pattern",keyword:"pattern",params:{pattern: "^(memory|sqlite:.+|postgres(ql)?://.+)$"},message:"must match pattern \""+"^(memory|sqlite:.+|postgres(ql)?://.+)$"+"\""};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/store",schemaPath:"#/properties/store/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data.engine !== undefined){
let data23 = data.engine;
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
for(const key7 in data23){
if(!(((((key7 === "maxConcurrentRuns") || (key7 === "defaultTaskTimeoutMs")) || (key7 === "maxPayloadBytes")) || (key7 === "maxPayloadDepth")) || (key7 === "durability"))){
const err38 = {instancePath:instancePath+"/engine",schemaPath:"#/properties/engine/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
if(data23.maxConcurrentRuns !== undefined){
let data24 = data23.maxConcurrentRuns;
if(!(((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24))) && (isFinite(data24)))){
const err39 = {instancePath:instancePath+"/engine/maxConcurrentRuns",schemaPath:"#/properties/engine/properties/maxConcurrentRuns/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if((typeof data24 == "number") && (isFinite(data24))){
if(data24 < 1 || isNaN(data24)){
const err40 = {instancePath:instancePath+"/engine/maxConcurrentRuns",schemaPath:"#/properties/engine/properties/maxConcurrentRuns/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
if(data23.defaultTaskTimeoutMs !== undefined){
let data25 = data23.defaultTaskTimeoutMs;
if(!(((typeof data25 == "number") && (!(data25 % 1) && !isNaN(data25))) && (isFinite(data25)))){
const err41 = {instancePath:instancePath+"/engine/defaultTaskTimeoutMs",schemaPath:"#/properties/engine/properties/defaultTaskTimeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if((typeof data25 == "number") && (isFinite(data25))){
if(data25 < 1 || isNaN(data25)){
const err42 = {instancePath:instancePath+"/engine/defaultTaskTimeoutMs",schemaPath:"#/properties/engine/properties/defaultTaskTimeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
if(data23.maxPayloadBytes !== undefined){
let data26 = data23.maxPayloadBytes;
if(!(((typeof data26 == "number") && (!(data26 % 1) && !isNaN(data26))) && (isFinite(data26)))){
const err43 = {instancePath:instancePath+"/engine/maxPayloadBytes",schemaPath:"#/properties/engine/properties/maxPayloadBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
if((typeof data26 == "number") && (isFinite(data26))){
if(data26 < 1024 || isNaN(data26)){
const err44 = {instancePath:instancePath+"/engine/maxPayloadBytes",schemaPath:"#/properties/engine/properties/maxPayloadBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1024},message:"must be >= 1024"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
if(data23.maxPayloadDepth !== undefined){
let data27 = data23.maxPayloadDepth;
if(!(((typeof data27 == "number") && (!(data27 % 1) && !isNaN(data27))) && (isFinite(data27)))){
const err45 = {instancePath:instancePath+"/engine/maxPayloadDepth",schemaPath:"#/properties/engine/properties/maxPayloadDepth/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if((typeof data27 == "number") && (isFinite(data27))){
if(data27 > 100 || isNaN(data27)){
const err46 = {instancePath:instancePath+"/engine/maxPayloadDepth",schemaPath:"#/properties/engine/properties/maxPayloadDepth/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if(data27 < 1 || isNaN(data27)){
const err47 = {instancePath:instancePath+"/engine/maxPayloadDepth",schemaPath:"#/properties/engine/properties/maxPayloadDepth/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
if(data23.durability !== undefined){
let data28 = data23.durability;
if(!((data28 === "strict") || (data28 === "batched"))){
const err48 = {instancePath:instancePath+"/engine/durability",schemaPath:"#/properties/engine/properties/durability/enum",keyword:"enum",params:{allowedValues: schema11.properties.engine.properties.durability.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
}
else {
const err49 = {instancePath:instancePath+"/engine",schemaPath:"#/properties/engine/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data.server !== undefined){
let data29 = data.server;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
for(const key8 in data29){
if(!(((((((key8 === "host") || (key8 === "port")) || (key8 === "maxFrameBytes")) || (key8 === "maxConnections")) || (key8 === "maxConnectionsPerToken")) || (key8 === "maxStreamBufferBytes")) || (key8 === "tokens"))){
const err50 = {instancePath:instancePath+"/server",schemaPath:"#/properties/server/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data29.host !== undefined){
if(typeof data29.host !== "string"){
const err51 = {instancePath:instancePath+"/server/host",schemaPath:"#/properties/server/properties/host/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data29.port !== undefined){
let data31 = data29.port;
if(!(((typeof data31 == "number") && (!(data31 % 1) && !isNaN(data31))) && (isFinite(data31)))){
const err52 = {instancePath:instancePath+"/server/port",schemaPath:"#/properties/server/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
if((typeof data31 == "number") && (isFinite(data31))){
if(data31 > 65535 || isNaN(data31)){
const err53 = {instancePath:instancePath+"/server/port",schemaPath:"#/properties/server/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
if(data31 < 0 || isNaN(data31)){
const err54 = {instancePath:instancePath+"/server/port",schemaPath:"#/properties/server/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
if(data29.maxFrameBytes !== undefined){
let data32 = data29.maxFrameBytes;
if(!(((typeof data32 == "number") && (!(data32 % 1) && !isNaN(data32))) && (isFinite(data32)))){
const err55 = {instancePath:instancePath+"/server/maxFrameBytes",schemaPath:"#/properties/server/properties/maxFrameBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
if((typeof data32 == "number") && (isFinite(data32))){
if(data32 < 256 || isNaN(data32)){
const err56 = {instancePath:instancePath+"/server/maxFrameBytes",schemaPath:"#/properties/server/properties/maxFrameBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 256},message:"must be >= 256"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
if(data29.maxConnections !== undefined){
let data33 = data29.maxConnections;
if(!(((typeof data33 == "number") && (!(data33 % 1) && !isNaN(data33))) && (isFinite(data33)))){
const err57 = {instancePath:instancePath+"/server/maxConnections",schemaPath:"#/properties/server/properties/maxConnections/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if((typeof data33 == "number") && (isFinite(data33))){
if(data33 < 1 || isNaN(data33)){
const err58 = {instancePath:instancePath+"/server/maxConnections",schemaPath:"#/properties/server/properties/maxConnections/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
}
if(data29.maxConnectionsPerToken !== undefined){
let data34 = data29.maxConnectionsPerToken;
if(!(((typeof data34 == "number") && (!(data34 % 1) && !isNaN(data34))) && (isFinite(data34)))){
const err59 = {instancePath:instancePath+"/server/maxConnectionsPerToken",schemaPath:"#/properties/server/properties/maxConnectionsPerToken/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
if((typeof data34 == "number") && (isFinite(data34))){
if(data34 < 1 || isNaN(data34)){
const err60 = {instancePath:instancePath+"/server/maxConnectionsPerToken",schemaPath:"#/properties/server/properties/maxConnectionsPerToken/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
}
if(data29.maxStreamBufferBytes !== undefined){
let data35 = data29.maxStreamBufferBytes;
if(!(((typeof data35 == "number") && (!(data35 % 1) && !isNaN(data35))) && (isFinite(data35)))){
const err61 = {instancePath:instancePath+"/server/maxStreamBufferBytes",schemaPath:"#/properties/server/properties/maxStreamBufferBytes/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if((typeof data35 == "number") && (isFinite(data35))){
if(data35 < 65536 || isNaN(data35)){
const err62 = {instancePath:instancePath+"/server/maxStreamBufferBytes",schemaPath:"#/properties/server/properties/maxStreamBufferBytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 65536},message:"must be >= 65536"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
}
if(data29.tokens !== undefined){
let data36 = data29.tokens;
if(Array.isArray(data36)){
const len3 = data36.length;
for(let i4=0; i4<len3; i4++){
let data37 = data36[i4];
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
if(data37.name === undefined){
const err63 = {instancePath:instancePath+"/server/tokens/" + i4,schemaPath:"#/properties/server/properties/tokens/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if(data37.scopes === undefined){
const err64 = {instancePath:instancePath+"/server/tokens/" + i4,schemaPath:"#/properties/server/properties/tokens/items/required",keyword:"required",params:{missingProperty: "scopes"},message:"must have required property '"+"scopes"+"'"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
for(const key9 in data37){
if(!(((((key9 === "name") || (key9 === "hash")) || (key9 === "token")) || (key9 === "scopes")) || (key9 === "conversationIds"))){
const err65 = {instancePath:instancePath+"/server/tokens/" + i4,schemaPath:"#/properties/server/properties/tokens/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
if(data37.name !== undefined){
let data38 = data37.name;
if(typeof data38 === "string"){
if(func3(data38) < 1){
const err66 = {instancePath:instancePath+"/server/tokens/" + i4+"/name",schemaPath:"#/properties/server/properties/tokens/items/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
else {
const err67 = {instancePath:instancePath+"/server/tokens/" + i4+"/name",schemaPath:"#/properties/server/properties/tokens/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data37.hash !== undefined){
let data39 = data37.hash;
if(typeof data39 === "string"){
if(!pattern2.test(data39)){
const err68 = {instancePath:instancePath+"/server/tokens/" + i4+"/hash",schemaPath:"#/properties/server/properties/tokens/items/properties/hash/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
else {
const err69 = {instancePath:instancePath+"/server/tokens/" + i4+"/hash",schemaPath:"#/properties/server/properties/tokens/items/properties/hash/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
if(data37.token !== undefined){
let data40 = data37.token;
if(typeof data40 === "string"){
if(func3(data40) < 16){
const err70 = {instancePath:instancePath+"/server/tokens/" + i4+"/token",schemaPath:"#/properties/server/properties/tokens/items/properties/token/minLength",keyword:"minLength",params:{limit: 16},message:"must NOT have fewer than 16 characters"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
else {
const err71 = {instancePath:instancePath+"/server/tokens/" + i4+"/token",schemaPath:"#/properties/server/properties/tokens/items/properties/token/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
if(data37.scopes !== undefined){
let data41 = data37.scopes;
if(Array.isArray(data41)){
if(data41.length < 1){
const err72 = {instancePath:instancePath+"/server/tokens/" + i4+"/scopes",schemaPath:"#/properties/server/properties/tokens/items/properties/scopes/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
const len4 = data41.length;
for(let i5=0; i5<len4; i5++){
let data42 = data41[i5];
if(!(((((data42 === "read") || (data42 === "start")) || (data42 === "answer")) || (data42 === "admin")) || (data42 === "drafts:approve"))){
const err73 = {instancePath:instancePath+"/server/tokens/" + i4+"/scopes/" + i5,schemaPath:"#/properties/server/properties/tokens/items/properties/scopes/items/enum",keyword:"enum",params:{allowedValues: schema11.properties.server.properties.tokens.items.properties.scopes.items.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
}
else {
const err74 = {instancePath:instancePath+"/server/tokens/" + i4+"/scopes",schemaPath:"#/properties/server/properties/tokens/items/properties/scopes/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
if(data37.conversationIds !== undefined){
let data43 = data37.conversationIds;
if(Array.isArray(data43)){
const len5 = data43.length;
for(let i6=0; i6<len5; i6++){
if(typeof data43[i6] !== "string"){
const err75 = {instancePath:instancePath+"/server/tokens/" + i4+"/conversationIds/" + i6,schemaPath:"#/properties/server/properties/tokens/items/properties/conversationIds/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
}
else {
const err76 = {instancePath:instancePath+"/server/tokens/" + i4+"/conversationIds",schemaPath:"#/properties/server/properties/tokens/items/properties/conversationIds/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
}
else {
const err77 = {instancePath:instancePath+"/server/tokens/" + i4,schemaPath:"#/properties/server/properties/tokens/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
}
else {
const err78 = {instancePath:instancePath+"/server/tokens",schemaPath:"#/properties/server/properties/tokens/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
}
else {
const err79 = {instancePath:instancePath+"/server",schemaPath:"#/properties/server/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data.retention !== undefined){
let data45 = data.retention;
if(data45 && typeof data45 == "object" && !Array.isArray(data45)){
for(const key10 in data45){
if(!(((((key10 === "completedDays") || (key10 === "failedDays")) || (key10 === "cancelledDays")) || (key10 === "auditDays")) || (key10 === "pruneIntervalMinutes"))){
const err80 = {instancePath:instancePath+"/retention",schemaPath:"#/properties/retention/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
if(data45.completedDays !== undefined){
let data46 = data45.completedDays;
if((typeof data46 == "number") && (isFinite(data46))){
if(data46 < 0 || isNaN(data46)){
const err81 = {instancePath:instancePath+"/retention/completedDays",schemaPath:"#/properties/retention/properties/completedDays/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
else {
const err82 = {instancePath:instancePath+"/retention/completedDays",schemaPath:"#/properties/retention/properties/completedDays/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data45.failedDays !== undefined){
let data47 = data45.failedDays;
if((typeof data47 == "number") && (isFinite(data47))){
if(data47 < 0 || isNaN(data47)){
const err83 = {instancePath:instancePath+"/retention/failedDays",schemaPath:"#/properties/retention/properties/failedDays/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
else {
const err84 = {instancePath:instancePath+"/retention/failedDays",schemaPath:"#/properties/retention/properties/failedDays/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
if(data45.cancelledDays !== undefined){
let data48 = data45.cancelledDays;
if((typeof data48 == "number") && (isFinite(data48))){
if(data48 < 0 || isNaN(data48)){
const err85 = {instancePath:instancePath+"/retention/cancelledDays",schemaPath:"#/properties/retention/properties/cancelledDays/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
else {
const err86 = {instancePath:instancePath+"/retention/cancelledDays",schemaPath:"#/properties/retention/properties/cancelledDays/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
if(data45.auditDays !== undefined){
let data49 = data45.auditDays;
if((typeof data49 == "number") && (isFinite(data49))){
if(data49 < 0 || isNaN(data49)){
const err87 = {instancePath:instancePath+"/retention/auditDays",schemaPath:"#/properties/retention/properties/auditDays/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
else {
const err88 = {instancePath:instancePath+"/retention/auditDays",schemaPath:"#/properties/retention/properties/auditDays/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
if(data45.pruneIntervalMinutes !== undefined){
let data50 = data45.pruneIntervalMinutes;
if((typeof data50 == "number") && (isFinite(data50))){
if(data50 <= 0 || isNaN(data50)){
const err89 = {instancePath:instancePath+"/retention/pruneIntervalMinutes",schemaPath:"#/properties/retention/properties/pruneIntervalMinutes/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
else {
const err90 = {instancePath:instancePath+"/retention/pruneIntervalMinutes",schemaPath:"#/properties/retention/properties/pruneIntervalMinutes/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
}
else {
const err91 = {instancePath:instancePath+"/retention",schemaPath:"#/properties/retention/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
if(data.triggers !== undefined){
let data51 = data.triggers;
if(Array.isArray(data51)){
const len6 = data51.length;
for(let i7=0; i7<len6; i7++){
let data52 = data51[i7];
const _errs116 = errors;
let valid28 = true;
const _errs117 = errors;
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
if(data52.type !== undefined){
if("cron" !== data52.type){
const err92 = {};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
}
var _valid0 = _errs117 === errors;
errors = _errs116;
if(vErrors !== null){
if(_errs116){
vErrors.length = _errs116;
}
else {
vErrors = null;
}
}
if(_valid0){
const _errs119 = errors;
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
if(data52.cron === undefined){
const err93 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/0/allOf/0/then/required",keyword:"required",params:{missingProperty: "cron"},message:"must have required property '"+"cron"+"'"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
var _valid0 = _errs119 === errors;
valid28 = _valid0;
}
if(!valid28){
const err94 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/0/allOf/0/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
const _errs121 = errors;
let valid30 = true;
const _errs122 = errors;
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
if(data52.type !== undefined){
if("runAt" !== data52.type){
const err95 = {};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
}
var _valid1 = _errs122 === errors;
errors = _errs121;
if(vErrors !== null){
if(_errs121){
vErrors.length = _errs121;
}
else {
vErrors = null;
}
}
if(_valid1){
const _errs124 = errors;
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
if(data52.runAt === undefined){
const err96 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/0/allOf/1/then/required",keyword:"required",params:{missingProperty: "runAt"},message:"must have required property '"+"runAt"+"'"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
var _valid1 = _errs124 === errors;
valid30 = _valid1;
}
if(!valid30){
const err97 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/0/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
const _errs126 = errors;
let valid32 = true;
const _errs127 = errors;
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
if(data52.type !== undefined){
if("event" !== data52.type){
const err98 = {};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
}
var _valid2 = _errs127 === errors;
errors = _errs126;
if(vErrors !== null){
if(_errs126){
vErrors.length = _errs126;
}
else {
vErrors = null;
}
}
if(_valid2){
const _errs129 = errors;
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
if(data52.event === undefined){
const err99 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/0/allOf/2/then/required",keyword:"required",params:{missingProperty: "event"},message:"must have required property '"+"event"+"'"};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
var _valid2 = _errs129 === errors;
valid32 = _valid2;
}
if(!valid32){
const err100 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/0/allOf/2/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
if(data52.id === undefined){
const err101 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/0/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
if(data52.type === undefined){
const err102 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/0/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
if(data52.id !== undefined){
let data56 = data52.id;
if(typeof data56 === "string"){
if(!pattern3.test(data56)){
const err103 = {instancePath:instancePath+"/triggers/" + i7+"/id",schemaPath:"#/properties/triggers/items/allOf/0/properties/id/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"+"\""};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
else {
const err104 = {instancePath:instancePath+"/triggers/" + i7+"/id",schemaPath:"#/properties/triggers/items/allOf/0/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
if(data52.type !== undefined){
let data57 = data52.type;
if(!(((data57 === "cron") || (data57 === "runAt")) || (data57 === "event"))){
const err105 = {instancePath:instancePath+"/triggers/" + i7+"/type",schemaPath:"#/properties/triggers/items/allOf/0/properties/type/enum",keyword:"enum",params:{allowedValues: schema11.properties.triggers.items.allOf[0].properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
if(data52.cron !== undefined){
let data58 = data52.cron;
if(typeof data58 === "string"){
if(func3(data58) < 1){
const err106 = {instancePath:instancePath+"/triggers/" + i7+"/cron",schemaPath:"#/properties/triggers/items/allOf/0/properties/cron/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
else {
const err107 = {instancePath:instancePath+"/triggers/" + i7+"/cron",schemaPath:"#/properties/triggers/items/allOf/0/properties/cron/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
if(data52.timezone !== undefined){
let data59 = data52.timezone;
if(typeof data59 === "string"){
if(func3(data59) < 1){
const err108 = {instancePath:instancePath+"/triggers/" + i7+"/timezone",schemaPath:"#/properties/triggers/items/allOf/0/properties/timezone/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
else {
const err109 = {instancePath:instancePath+"/triggers/" + i7+"/timezone",schemaPath:"#/properties/triggers/items/allOf/0/properties/timezone/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(data52.runAt !== undefined){
let data60 = data52.runAt;
if(typeof data60 === "string"){
if(func3(data60) < 1){
const err110 = {instancePath:instancePath+"/triggers/" + i7+"/runAt",schemaPath:"#/properties/triggers/items/allOf/0/properties/runAt/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
else {
const err111 = {instancePath:instancePath+"/triggers/" + i7+"/runAt",schemaPath:"#/properties/triggers/items/allOf/0/properties/runAt/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
if(data52.event !== undefined){
let data61 = data52.event;
if(typeof data61 === "string"){
if(func3(data61) < 1){
const err112 = {instancePath:instancePath+"/triggers/" + i7+"/event",schemaPath:"#/properties/triggers/items/allOf/0/properties/event/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
else {
const err113 = {instancePath:instancePath+"/triggers/" + i7+"/event",schemaPath:"#/properties/triggers/items/allOf/0/properties/event/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
if(data52.filter !== undefined){
let data62 = data52.filter;
if(typeof data62 === "string"){
if(func3(data62) < 1){
const err114 = {instancePath:instancePath+"/triggers/" + i7+"/filter",schemaPath:"#/properties/triggers/items/allOf/0/properties/filter/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
else {
const err115 = {instancePath:instancePath+"/triggers/" + i7+"/filter",schemaPath:"#/properties/triggers/items/allOf/0/properties/filter/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
if(data52.catchUp !== undefined){
let data63 = data52.catchUp;
if(!(((data63 === "none") || (data63 === "latest")) || (data63 === "all"))){
const err116 = {instancePath:instancePath+"/triggers/" + i7+"/catchUp",schemaPath:"#/properties/triggers/items/allOf/0/properties/catchUp/enum",keyword:"enum",params:{allowedValues: schema11.properties.triggers.items.allOf[0].properties.catchUp.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
if(data52.workflowId !== undefined){
if(typeof data52.workflowId !== "string"){
const err117 = {instancePath:instancePath+"/triggers/" + i7+"/workflowId",schemaPath:"#/properties/triggers/items/allOf/0/properties/workflowId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
}
else {
const err118 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/0/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
if(data52.workflowId === undefined){
const err119 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/1/required",keyword:"required",params:{missingProperty: "workflowId"},message:"must have required property '"+"workflowId"+"'"};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
if(data52.workflowId !== undefined){
let data65 = data52.workflowId;
if(typeof data65 === "string"){
if(func3(data65) < 1){
const err120 = {instancePath:instancePath+"/triggers/" + i7+"/workflowId",schemaPath:"#/properties/triggers/items/allOf/1/properties/workflowId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
else {
const err121 = {instancePath:instancePath+"/triggers/" + i7+"/workflowId",schemaPath:"#/properties/triggers/items/allOf/1/properties/workflowId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
}
else {
const err122 = {instancePath:instancePath+"/triggers/" + i7,schemaPath:"#/properties/triggers/items/allOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
}
else {
const err123 = {instancePath:instancePath+"/triggers",schemaPath:"#/properties/triggers/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
if(data.log !== undefined){
let data66 = data.log;
if(data66 && typeof data66 == "object" && !Array.isArray(data66)){
for(const key11 in data66){
if(!((key11 === "level") || (key11 === "file"))){
const err124 = {instancePath:instancePath+"/log",schemaPath:"#/properties/log/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
if(data66.level !== undefined){
let data67 = data66.level;
if(!(((((((data67 === "fatal") || (data67 === "error")) || (data67 === "warn")) || (data67 === "info")) || (data67 === "debug")) || (data67 === "trace")) || (data67 === "silent"))){
const err125 = {instancePath:instancePath+"/log/level",schemaPath:"#/properties/log/properties/level/enum",keyword:"enum",params:{allowedValues: schema11.properties.log.properties.level.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
if(data66.file !== undefined){
let data68 = data66.file;
if(typeof data68 === "string"){
if(func3(data68) < 1){
const err126 = {instancePath:instancePath+"/log/file",schemaPath:"#/properties/log/properties/file/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
else {
const err127 = {instancePath:instancePath+"/log/file",schemaPath:"#/properties/log/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
}
else {
const err128 = {instancePath:instancePath+"/log",schemaPath:"#/properties/log/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
}
else {
const err129 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

export const validatePackManifest = validate11;
const schema12 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://troupe.dev/schemas/pack-manifest.schema.json","title":"Troupe pack manifest (the \"troupe\" field of package.json)","type":"object","additionalProperties":false,"required":["manifestVersion","engine"],"properties":{"manifestVersion":{"const":1,"description":"Version of this manifest format."},"engine":{"type":"string","minLength":1,"description":"Semver range of the runtime pack API, pinning a major, e.g. \"^1.0.0\"."},"entry":{"type":"string","minLength":1,"description":"Entry module relative to the package root."},"displayName":{"type":"string"},"description":{"type":"string"},"requires":{"type":"object","description":"Pack id → semver range.","additionalProperties":{"type":"string","minLength":1}},"secrets":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["id"],"properties":{"id":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.-]*$"},"optional":{"type":"boolean"},"description":{"type":"string"}}}},"provides":{"type":"object","propertyNames":{"enum":["workflow","tool","guardrail","persona","provider","code"]},"additionalProperties":{"type":"array","items":{"type":"string","minLength":1}}},"policies":{"type":"object","additionalProperties":{"type":"array","items":{"type":"string","minLength":1}}}}};
const pattern4 = new RegExp("^[A-Za-z0-9][A-Za-z0-9_.-]*$", "u");

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://troupe.dev/schemas/pack-manifest.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.manifestVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "manifestVersion"},message:"must have required property '"+"manifestVersion"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.engine === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "engine"},message:"must have required property '"+"engine"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema12.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.manifestVersion !== undefined){
if(1 !== data.manifestVersion){
const err3 = {instancePath:instancePath+"/manifestVersion",schemaPath:"#/properties/manifestVersion/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.engine !== undefined){
let data1 = data.engine;
if(typeof data1 === "string"){
if(func3(data1) < 1){
const err4 = {instancePath:instancePath+"/engine",schemaPath:"#/properties/engine/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/engine",schemaPath:"#/properties/engine/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.entry !== undefined){
let data2 = data.entry;
if(typeof data2 === "string"){
if(func3(data2) < 1){
const err6 = {instancePath:instancePath+"/entry",schemaPath:"#/properties/entry/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/entry",schemaPath:"#/properties/entry/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.displayName !== undefined){
if(typeof data.displayName !== "string"){
const err8 = {instancePath:instancePath+"/displayName",schemaPath:"#/properties/displayName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.description !== undefined){
if(typeof data.description !== "string"){
const err9 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.requires !== undefined){
let data5 = data.requires;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key1 in data5){
let data6 = data5[key1];
if(typeof data6 === "string"){
if(func3(data6) < 1){
const err10 = {instancePath:instancePath+"/requires/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/requires/additionalProperties/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/requires/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/requires/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
else {
const err12 = {instancePath:instancePath+"/requires",schemaPath:"#/properties/requires/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.secrets !== undefined){
let data7 = data.secrets;
if(Array.isArray(data7)){
const len0 = data7.length;
for(let i0=0; i0<len0; i0++){
let data8 = data7[i0];
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
if(data8.id === undefined){
const err13 = {instancePath:instancePath+"/secrets/" + i0,schemaPath:"#/properties/secrets/items/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
for(const key2 in data8){
if(!(((key2 === "id") || (key2 === "optional")) || (key2 === "description"))){
const err14 = {instancePath:instancePath+"/secrets/" + i0,schemaPath:"#/properties/secrets/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data8.id !== undefined){
let data9 = data8.id;
if(typeof data9 === "string"){
if(!pattern4.test(data9)){
const err15 = {instancePath:instancePath+"/secrets/" + i0+"/id",schemaPath:"#/properties/secrets/items/properties/id/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.-]*$"+"\""};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/secrets/" + i0+"/id",schemaPath:"#/properties/secrets/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data8.optional !== undefined){
if(typeof data8.optional !== "boolean"){
const err17 = {instancePath:instancePath+"/secrets/" + i0+"/optional",schemaPath:"#/properties/secrets/items/properties/optional/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data8.description !== undefined){
if(typeof data8.description !== "string"){
const err18 = {instancePath:instancePath+"/secrets/" + i0+"/description",schemaPath:"#/properties/secrets/items/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/secrets/" + i0,schemaPath:"#/properties/secrets/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.provides !== undefined){
let data12 = data.provides;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
for(const key3 in data12){
const _errs29 = errors;
if(!((((((key3 === "workflow") || (key3 === "tool")) || (key3 === "guardrail")) || (key3 === "persona")) || (key3 === "provider")) || (key3 === "code"))){
const err21 = {instancePath:instancePath+"/provides",schemaPath:"#/properties/provides/propertyNames/enum",keyword:"enum",params:{allowedValues: schema12.properties.provides.propertyNames.enum},message:"must be equal to one of the allowed values",propertyName:key3};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
var valid5 = _errs29 === errors;
if(!valid5){
const err22 = {instancePath:instancePath+"/provides",schemaPath:"#/properties/provides/propertyNames",keyword:"propertyNames",params:{propertyName: key3},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
for(const key4 in data12){
let data13 = data12[key4];
if(Array.isArray(data13)){
const len1 = data13.length;
for(let i1=0; i1<len1; i1++){
let data14 = data13[i1];
if(typeof data14 === "string"){
if(func3(data14) < 1){
const err23 = {instancePath:instancePath+"/provides/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i1,schemaPath:"#/properties/provides/additionalProperties/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/provides/" + key4.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i1,schemaPath:"#/properties/provides/additionalProperties/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/provides/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/provides/additionalProperties/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/provides",schemaPath:"#/properties/provides/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.policies !== undefined){
let data15 = data.policies;
if(data15 && typeof data15 == "object" && !Array.isArray(data15)){
for(const key5 in data15){
let data16 = data15[key5];
if(Array.isArray(data16)){
const len2 = data16.length;
for(let i2=0; i2<len2; i2++){
let data17 = data16[i2];
if(typeof data17 === "string"){
if(func3(data17) < 1){
const err27 = {instancePath:instancePath+"/policies/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i2,schemaPath:"#/properties/policies/additionalProperties/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/policies/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i2,schemaPath:"#/properties/policies/additionalProperties/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/policies/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/policies/additionalProperties/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath:instancePath+"/policies",schemaPath:"#/properties/policies/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

export const validateWorkflowDefinition = validate12;
const schema13 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://troupe.dev/schemas/workflow-definition.schema.json","title":"Troupe workflow definition","type":"object","additionalProperties":false,"required":["id","version","tasks"],"properties":{"id":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},"version":{"type":"string","minLength":1},"displayName":{"type":"string"},"description":{"type":"string"},"roles":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["roleId"],"properties":{"roleId":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},"displayName":{"type":"string"},"personaId":{"type":"string","minLength":1},"capabilities":{"type":"array","items":{"type":"string","minLength":1}},"tools":{"type":"array","items":{"type":"string","minLength":1}}}}},"tasks":{"type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,"required":["id","executor"],"properties":{"id":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},"name":{"type":"string"},"dependsOn":{"type":"array","items":{"type":"string","minLength":1}},"executor":{"type":"object","required":["type"],"properties":{"type":{"enum":["tool","gmi","human","code","workflow"]}},"allOf":[{"if":{"properties":{"type":{"const":"tool"}}},"then":{"required":["toolId"],"properties":{"toolId":{"type":"string","minLength":1}}}},{"if":{"properties":{"type":{"const":"gmi"}}},"then":{"required":["roleId"],"properties":{"roleId":{"type":"string","minLength":1},"instructions":{"type":"string"},"outputFormat":{"enum":["text","json"]}}}},{"if":{"properties":{"type":{"const":"human"}}},"then":{"required":["mode"],"properties":{"mode":{"enum":["approval","input"]},"prompt":{"type":"string"},"assignee":{"type":"string"}}}},{"if":{"properties":{"type":{"const":"code"}}},"then":{"required":["codeId"],"properties":{"codeId":{"type":"string","minLength":1}}}},{"if":{"properties":{"type":{"const":"workflow"}}},"then":{"required":["workflowId"],"properties":{"workflowId":{"type":"string","minLength":1},"versionRange":{"type":"string"}}}}]},"input":{"type":"object","additionalProperties":{"oneOf":[{"type":"object","additionalProperties":false,"required":["from"],"properties":{"from":{"type":"string","minLength":1}}},{"type":"object","additionalProperties":false,"required":["value"],"properties":{"value":{}}}]}},"when":{"type":"string","minLength":1},"joinPolicy":{"enum":["any_completed","all_completed","all_settled"]},"retry":{"type":"object","additionalProperties":false,"required":["maxAttempts"],"properties":{"maxAttempts":{"type":"integer","minimum":1,"maximum":100},"backoff":{"enum":["fixed","exponential"]},"initialDelayMs":{"type":"integer","minimum":0},"maxDelayMs":{"type":"integer","minimum":0},"jitter":{"type":"boolean"},"retryOn":{"type":"array","items":{"type":"string"}}}},"timeoutMs":{"type":"integer","minimum":1},"inputSchema":{"type":["object","boolean"]},"outputSchema":{"type":["object","boolean"]},"policyTags":{"type":"array","items":{"type":"string","minLength":1}},"compensate":{"type":"string","minLength":1},"handoff":{"type":"object","additionalProperties":false,"properties":{"summary":{"type":"boolean"},"include":{"type":"array","items":{"type":"string"}}}},"budget":{"type":"object","additionalProperties":false,"minProperties":1,"properties":{"maxTokens":{"type":"integer","minimum":1},"maxCostUsd":{"type":"number","exclusiveMinimum":0}}},"forEach":{"type":"object","additionalProperties":false,"required":["items","maxItems"],"properties":{"items":{"type":"string","minLength":1},"maxItems":{"type":"integer","minimum":1,"maximum":1000},"concurrency":{"type":"integer","minimum":1,"maximum":1000}}},"loop":{"type":"object","additionalProperties":false,"required":["maxRounds","until"],"properties":{"maxRounds":{"type":"integer","minimum":1,"maximum":100},"until":{"type":"string","minLength":1},"onMaxRounds":{"enum":["fail","complete"]}}}}}},"goalSchema":{"type":["object","boolean"]},"finalOutputSchema":{"type":["object","boolean"]},"output":{"oneOf":[{"oneOf":[{"type":"object","additionalProperties":false,"required":["from"],"properties":{"from":{"type":"string","minLength":1}}},{"type":"object","additionalProperties":false,"required":["value"],"properties":{"value":{}}}]},{"type":"object","not":{"anyOf":[{"required":["from"]},{"required":["value"]}]},"additionalProperties":{"oneOf":[{"type":"object","additionalProperties":false,"required":["from"],"properties":{"from":{"type":"string","minLength":1}}},{"type":"object","additionalProperties":false,"required":["value"],"properties":{"value":{}}}]}}]},"policyTags":{"type":"array","items":{"type":"string","minLength":1}},"timeoutMs":{"type":"integer","minimum":1},"maxParallelTasks":{"type":"integer","minimum":1},"requiredSecrets":{"type":"array","items":{"type":"string","minLength":1}},"triggers":{"type":"array","items":{"type":"object","required":["id","type"],"properties":{"id":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},"type":{"enum":["cron","runAt","event"]},"cron":{"type":"string","minLength":1},"timezone":{"type":"string","minLength":1},"runAt":{"type":"string","minLength":1},"event":{"type":"string","minLength":1},"filter":{"type":"string","minLength":1},"input":{},"catchUp":{"enum":["none","latest","all"]},"workflowId":{"type":"string"}},"allOf":[{"if":{"properties":{"type":{"const":"cron"}}},"then":{"required":["cron"]}},{"if":{"properties":{"type":{"const":"runAt"}}},"then":{"required":["runAt"]}},{"if":{"properties":{"type":{"const":"event"}}},"then":{"required":["event"]}}]}},"metadata":{"type":"object"},"budget":{"type":"object","additionalProperties":false,"minProperties":1,"properties":{"maxTokens":{"type":"integer","minimum":1},"maxCostUsd":{"type":"number","exclusiveMinimum":0}}}}};

function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://troupe.dev/schemas/workflow-definition.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.version === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.tasks === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "tasks"},message:"must have required property '"+"tasks"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema13.properties, key0))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(!pattern3.test(data0)){
const err4 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"+"\""};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.version !== undefined){
let data1 = data.version;
if(typeof data1 === "string"){
if(func3(data1) < 1){
const err6 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.displayName !== undefined){
if(typeof data.displayName !== "string"){
const err8 = {instancePath:instancePath+"/displayName",schemaPath:"#/properties/displayName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.description !== undefined){
if(typeof data.description !== "string"){
const err9 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.roles !== undefined){
let data4 = data.roles;
if(Array.isArray(data4)){
const len0 = data4.length;
for(let i0=0; i0<len0; i0++){
let data5 = data4[i0];
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
if(data5.roleId === undefined){
const err10 = {instancePath:instancePath+"/roles/" + i0,schemaPath:"#/properties/roles/items/required",keyword:"required",params:{missingProperty: "roleId"},message:"must have required property '"+"roleId"+"'"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
for(const key1 in data5){
if(!(((((key1 === "roleId") || (key1 === "displayName")) || (key1 === "personaId")) || (key1 === "capabilities")) || (key1 === "tools"))){
const err11 = {instancePath:instancePath+"/roles/" + i0,schemaPath:"#/properties/roles/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data5.roleId !== undefined){
let data6 = data5.roleId;
if(typeof data6 === "string"){
if(!pattern3.test(data6)){
const err12 = {instancePath:instancePath+"/roles/" + i0+"/roleId",schemaPath:"#/properties/roles/items/properties/roleId/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"+"\""};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/roles/" + i0+"/roleId",schemaPath:"#/properties/roles/items/properties/roleId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data5.displayName !== undefined){
if(typeof data5.displayName !== "string"){
const err14 = {instancePath:instancePath+"/roles/" + i0+"/displayName",schemaPath:"#/properties/roles/items/properties/displayName/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data5.personaId !== undefined){
let data8 = data5.personaId;
if(typeof data8 === "string"){
if(func3(data8) < 1){
const err15 = {instancePath:instancePath+"/roles/" + i0+"/personaId",schemaPath:"#/properties/roles/items/properties/personaId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/roles/" + i0+"/personaId",schemaPath:"#/properties/roles/items/properties/personaId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data5.capabilities !== undefined){
let data9 = data5.capabilities;
if(Array.isArray(data9)){
const len1 = data9.length;
for(let i1=0; i1<len1; i1++){
let data10 = data9[i1];
if(typeof data10 === "string"){
if(func3(data10) < 1){
const err17 = {instancePath:instancePath+"/roles/" + i0+"/capabilities/" + i1,schemaPath:"#/properties/roles/items/properties/capabilities/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
else {
const err18 = {instancePath:instancePath+"/roles/" + i0+"/capabilities/" + i1,schemaPath:"#/properties/roles/items/properties/capabilities/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/roles/" + i0+"/capabilities",schemaPath:"#/properties/roles/items/properties/capabilities/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data5.tools !== undefined){
let data11 = data5.tools;
if(Array.isArray(data11)){
const len2 = data11.length;
for(let i2=0; i2<len2; i2++){
let data12 = data11[i2];
if(typeof data12 === "string"){
if(func3(data12) < 1){
const err20 = {instancePath:instancePath+"/roles/" + i0+"/tools/" + i2,schemaPath:"#/properties/roles/items/properties/tools/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/roles/" + i0+"/tools/" + i2,schemaPath:"#/properties/roles/items/properties/tools/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath:instancePath+"/roles/" + i0+"/tools",schemaPath:"#/properties/roles/items/properties/tools/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
else {
const err23 = {instancePath:instancePath+"/roles/" + i0,schemaPath:"#/properties/roles/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
else {
const err24 = {instancePath:instancePath+"/roles",schemaPath:"#/properties/roles/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
if(data.tasks !== undefined){
let data13 = data.tasks;
if(Array.isArray(data13)){
if(data13.length < 1){
const err25 = {instancePath:instancePath+"/tasks",schemaPath:"#/properties/tasks/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
const len3 = data13.length;
for(let i3=0; i3<len3; i3++){
let data14 = data13[i3];
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
if(data14.id === undefined){
const err26 = {instancePath:instancePath+"/tasks/" + i3,schemaPath:"#/properties/tasks/items/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(data14.executor === undefined){
const err27 = {instancePath:instancePath+"/tasks/" + i3,schemaPath:"#/properties/tasks/items/required",keyword:"required",params:{missingProperty: "executor"},message:"must have required property '"+"executor"+"'"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
for(const key2 in data14){
if(!(func2.call(schema13.properties.tasks.items.properties, key2))){
const err28 = {instancePath:instancePath+"/tasks/" + i3,schemaPath:"#/properties/tasks/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data14.id !== undefined){
let data15 = data14.id;
if(typeof data15 === "string"){
if(!pattern3.test(data15)){
const err29 = {instancePath:instancePath+"/tasks/" + i3+"/id",schemaPath:"#/properties/tasks/items/properties/id/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"+"\""};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
else {
const err30 = {instancePath:instancePath+"/tasks/" + i3+"/id",schemaPath:"#/properties/tasks/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data14.name !== undefined){
if(typeof data14.name !== "string"){
const err31 = {instancePath:instancePath+"/tasks/" + i3+"/name",schemaPath:"#/properties/tasks/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data14.dependsOn !== undefined){
let data17 = data14.dependsOn;
if(Array.isArray(data17)){
const len4 = data17.length;
for(let i4=0; i4<len4; i4++){
let data18 = data17[i4];
if(typeof data18 === "string"){
if(func3(data18) < 1){
const err32 = {instancePath:instancePath+"/tasks/" + i3+"/dependsOn/" + i4,schemaPath:"#/properties/tasks/items/properties/dependsOn/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/tasks/" + i3+"/dependsOn/" + i4,schemaPath:"#/properties/tasks/items/properties/dependsOn/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
}
else {
const err34 = {instancePath:instancePath+"/tasks/" + i3+"/dependsOn",schemaPath:"#/properties/tasks/items/properties/dependsOn/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data14.executor !== undefined){
let data19 = data14.executor;
const _errs45 = errors;
let valid14 = true;
const _errs46 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.type !== undefined){
if("tool" !== data19.type){
const err35 = {};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
}
var _valid0 = _errs46 === errors;
errors = _errs45;
if(vErrors !== null){
if(_errs45){
vErrors.length = _errs45;
}
else {
vErrors = null;
}
}
if(_valid0){
const _errs48 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.toolId === undefined){
const err36 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/allOf/0/then/required",keyword:"required",params:{missingProperty: "toolId"},message:"must have required property '"+"toolId"+"'"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if(data19.toolId !== undefined){
let data21 = data19.toolId;
if(typeof data21 === "string"){
if(func3(data21) < 1){
const err37 = {instancePath:instancePath+"/tasks/" + i3+"/executor/toolId",schemaPath:"#/properties/tasks/items/properties/executor/allOf/0/then/properties/toolId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/tasks/" + i3+"/executor/toolId",schemaPath:"#/properties/tasks/items/properties/executor/allOf/0/then/properties/toolId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
}
var _valid0 = _errs48 === errors;
valid14 = _valid0;
}
if(!valid14){
const err39 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/allOf/0/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
const _errs52 = errors;
let valid17 = true;
const _errs53 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.type !== undefined){
if("gmi" !== data19.type){
const err40 = {};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
var _valid1 = _errs53 === errors;
errors = _errs52;
if(vErrors !== null){
if(_errs52){
vErrors.length = _errs52;
}
else {
vErrors = null;
}
}
if(_valid1){
const _errs55 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.roleId === undefined){
const err41 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/allOf/1/then/required",keyword:"required",params:{missingProperty: "roleId"},message:"must have required property '"+"roleId"+"'"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if(data19.roleId !== undefined){
let data23 = data19.roleId;
if(typeof data23 === "string"){
if(func3(data23) < 1){
const err42 = {instancePath:instancePath+"/tasks/" + i3+"/executor/roleId",schemaPath:"#/properties/tasks/items/properties/executor/allOf/1/then/properties/roleId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/tasks/" + i3+"/executor/roleId",schemaPath:"#/properties/tasks/items/properties/executor/allOf/1/then/properties/roleId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data19.instructions !== undefined){
if(typeof data19.instructions !== "string"){
const err44 = {instancePath:instancePath+"/tasks/" + i3+"/executor/instructions",schemaPath:"#/properties/tasks/items/properties/executor/allOf/1/then/properties/instructions/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data19.outputFormat !== undefined){
let data25 = data19.outputFormat;
if(!((data25 === "text") || (data25 === "json"))){
const err45 = {instancePath:instancePath+"/tasks/" + i3+"/executor/outputFormat",schemaPath:"#/properties/tasks/items/properties/executor/allOf/1/then/properties/outputFormat/enum",keyword:"enum",params:{allowedValues: schema13.properties.tasks.items.properties.executor.allOf[1].then.properties.outputFormat.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
}
var _valid1 = _errs55 === errors;
valid17 = _valid1;
}
if(!valid17){
const err46 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
const _errs62 = errors;
let valid20 = true;
const _errs63 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.type !== undefined){
if("human" !== data19.type){
const err47 = {};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
}
var _valid2 = _errs63 === errors;
errors = _errs62;
if(vErrors !== null){
if(_errs62){
vErrors.length = _errs62;
}
else {
vErrors = null;
}
}
if(_valid2){
const _errs65 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.mode === undefined){
const err48 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/allOf/2/then/required",keyword:"required",params:{missingProperty: "mode"},message:"must have required property '"+"mode"+"'"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
if(data19.mode !== undefined){
let data27 = data19.mode;
if(!((data27 === "approval") || (data27 === "input"))){
const err49 = {instancePath:instancePath+"/tasks/" + i3+"/executor/mode",schemaPath:"#/properties/tasks/items/properties/executor/allOf/2/then/properties/mode/enum",keyword:"enum",params:{allowedValues: schema13.properties.tasks.items.properties.executor.allOf[2].then.properties.mode.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
}
if(data19.prompt !== undefined){
if(typeof data19.prompt !== "string"){
const err50 = {instancePath:instancePath+"/tasks/" + i3+"/executor/prompt",schemaPath:"#/properties/tasks/items/properties/executor/allOf/2/then/properties/prompt/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data19.assignee !== undefined){
if(typeof data19.assignee !== "string"){
const err51 = {instancePath:instancePath+"/tasks/" + i3+"/executor/assignee",schemaPath:"#/properties/tasks/items/properties/executor/allOf/2/then/properties/assignee/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
}
var _valid2 = _errs65 === errors;
valid20 = _valid2;
}
if(!valid20){
const err52 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/allOf/2/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
const _errs72 = errors;
let valid23 = true;
const _errs73 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.type !== undefined){
if("code" !== data19.type){
const err53 = {};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
}
var _valid3 = _errs73 === errors;
errors = _errs72;
if(vErrors !== null){
if(_errs72){
vErrors.length = _errs72;
}
else {
vErrors = null;
}
}
if(_valid3){
const _errs75 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.codeId === undefined){
const err54 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/allOf/3/then/required",keyword:"required",params:{missingProperty: "codeId"},message:"must have required property '"+"codeId"+"'"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
if(data19.codeId !== undefined){
let data31 = data19.codeId;
if(typeof data31 === "string"){
if(func3(data31) < 1){
const err55 = {instancePath:instancePath+"/tasks/" + i3+"/executor/codeId",schemaPath:"#/properties/tasks/items/properties/executor/allOf/3/then/properties/codeId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
else {
const err56 = {instancePath:instancePath+"/tasks/" + i3+"/executor/codeId",schemaPath:"#/properties/tasks/items/properties/executor/allOf/3/then/properties/codeId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
var _valid3 = _errs75 === errors;
valid23 = _valid3;
}
if(!valid23){
const err57 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/allOf/3/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
const _errs79 = errors;
let valid26 = true;
const _errs80 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.type !== undefined){
if("workflow" !== data19.type){
const err58 = {};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
}
var _valid4 = _errs80 === errors;
errors = _errs79;
if(vErrors !== null){
if(_errs79){
vErrors.length = _errs79;
}
else {
vErrors = null;
}
}
if(_valid4){
const _errs82 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.workflowId === undefined){
const err59 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/allOf/4/then/required",keyword:"required",params:{missingProperty: "workflowId"},message:"must have required property '"+"workflowId"+"'"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
if(data19.workflowId !== undefined){
let data33 = data19.workflowId;
if(typeof data33 === "string"){
if(func3(data33) < 1){
const err60 = {instancePath:instancePath+"/tasks/" + i3+"/executor/workflowId",schemaPath:"#/properties/tasks/items/properties/executor/allOf/4/then/properties/workflowId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
else {
const err61 = {instancePath:instancePath+"/tasks/" + i3+"/executor/workflowId",schemaPath:"#/properties/tasks/items/properties/executor/allOf/4/then/properties/workflowId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
if(data19.versionRange !== undefined){
if(typeof data19.versionRange !== "string"){
const err62 = {instancePath:instancePath+"/tasks/" + i3+"/executor/versionRange",schemaPath:"#/properties/tasks/items/properties/executor/allOf/4/then/properties/versionRange/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
}
var _valid4 = _errs82 === errors;
valid26 = _valid4;
}
if(!valid26){
const err63 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/allOf/4/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.type === undefined){
const err64 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
if(data19.type !== undefined){
let data35 = data19.type;
if(!(((((data35 === "tool") || (data35 === "gmi")) || (data35 === "human")) || (data35 === "code")) || (data35 === "workflow"))){
const err65 = {instancePath:instancePath+"/tasks/" + i3+"/executor/type",schemaPath:"#/properties/tasks/items/properties/executor/properties/type/enum",keyword:"enum",params:{allowedValues: schema13.properties.tasks.items.properties.executor.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
}
else {
const err66 = {instancePath:instancePath+"/tasks/" + i3+"/executor",schemaPath:"#/properties/tasks/items/properties/executor/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data14.input !== undefined){
let data36 = data14.input;
if(data36 && typeof data36 == "object" && !Array.isArray(data36)){
for(const key3 in data36){
let data37 = data36[key3];
const _errs92 = errors;
let valid31 = false;
let passing0 = null;
const _errs93 = errors;
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
if(data37.from === undefined){
const err67 = {instancePath:instancePath+"/tasks/" + i3+"/input/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tasks/items/properties/input/additionalProperties/oneOf/0/required",keyword:"required",params:{missingProperty: "from"},message:"must have required property '"+"from"+"'"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
for(const key4 in data37){
if(!(key4 === "from")){
const err68 = {instancePath:instancePath+"/tasks/" + i3+"/input/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tasks/items/properties/input/additionalProperties/oneOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
if(data37.from !== undefined){
let data38 = data37.from;
if(typeof data38 === "string"){
if(func3(data38) < 1){
const err69 = {instancePath:instancePath+"/tasks/" + i3+"/input/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/from",schemaPath:"#/properties/tasks/items/properties/input/additionalProperties/oneOf/0/properties/from/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
else {
const err70 = {instancePath:instancePath+"/tasks/" + i3+"/input/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/from",schemaPath:"#/properties/tasks/items/properties/input/additionalProperties/oneOf/0/properties/from/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
}
else {
const err71 = {instancePath:instancePath+"/tasks/" + i3+"/input/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tasks/items/properties/input/additionalProperties/oneOf/0/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
var _valid5 = _errs93 === errors;
if(_valid5){
valid31 = true;
passing0 = 0;
}
const _errs98 = errors;
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
if(data37.value === undefined){
const err72 = {instancePath:instancePath+"/tasks/" + i3+"/input/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tasks/items/properties/input/additionalProperties/oneOf/1/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
for(const key5 in data37){
if(!(key5 === "value")){
const err73 = {instancePath:instancePath+"/tasks/" + i3+"/input/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tasks/items/properties/input/additionalProperties/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
}
else {
const err74 = {instancePath:instancePath+"/tasks/" + i3+"/input/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tasks/items/properties/input/additionalProperties/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
var _valid5 = _errs98 === errors;
if(_valid5 && valid31){
valid31 = false;
passing0 = [passing0, 1];
}
else {
if(_valid5){
valid31 = true;
passing0 = 1;
}
}
if(!valid31){
const err75 = {instancePath:instancePath+"/tasks/" + i3+"/input/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tasks/items/properties/input/additionalProperties/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
else {
errors = _errs92;
if(vErrors !== null){
if(_errs92){
vErrors.length = _errs92;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err76 = {instancePath:instancePath+"/tasks/" + i3+"/input",schemaPath:"#/properties/tasks/items/properties/input/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data14.when !== undefined){
let data39 = data14.when;
if(typeof data39 === "string"){
if(func3(data39) < 1){
const err77 = {instancePath:instancePath+"/tasks/" + i3+"/when",schemaPath:"#/properties/tasks/items/properties/when/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
else {
const err78 = {instancePath:instancePath+"/tasks/" + i3+"/when",schemaPath:"#/properties/tasks/items/properties/when/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
if(data14.joinPolicy !== undefined){
let data40 = data14.joinPolicy;
if(!(((data40 === "any_completed") || (data40 === "all_completed")) || (data40 === "all_settled"))){
const err79 = {instancePath:instancePath+"/tasks/" + i3+"/joinPolicy",schemaPath:"#/properties/tasks/items/properties/joinPolicy/enum",keyword:"enum",params:{allowedValues: schema13.properties.tasks.items.properties.joinPolicy.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data14.retry !== undefined){
let data41 = data14.retry;
if(data41 && typeof data41 == "object" && !Array.isArray(data41)){
if(data41.maxAttempts === undefined){
const err80 = {instancePath:instancePath+"/tasks/" + i3+"/retry",schemaPath:"#/properties/tasks/items/properties/retry/required",keyword:"required",params:{missingProperty: "maxAttempts"},message:"must have required property '"+"maxAttempts"+"'"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
for(const key6 in data41){
if(!((((((key6 === "maxAttempts") || (key6 === "backoff")) || (key6 === "initialDelayMs")) || (key6 === "maxDelayMs")) || (key6 === "jitter")) || (key6 === "retryOn"))){
const err81 = {instancePath:instancePath+"/tasks/" + i3+"/retry",schemaPath:"#/properties/tasks/items/properties/retry/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
if(data41.maxAttempts !== undefined){
let data42 = data41.maxAttempts;
if(!(((typeof data42 == "number") && (!(data42 % 1) && !isNaN(data42))) && (isFinite(data42)))){
const err82 = {instancePath:instancePath+"/tasks/" + i3+"/retry/maxAttempts",schemaPath:"#/properties/tasks/items/properties/retry/properties/maxAttempts/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
if((typeof data42 == "number") && (isFinite(data42))){
if(data42 > 100 || isNaN(data42)){
const err83 = {instancePath:instancePath+"/tasks/" + i3+"/retry/maxAttempts",schemaPath:"#/properties/tasks/items/properties/retry/properties/maxAttempts/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
if(data42 < 1 || isNaN(data42)){
const err84 = {instancePath:instancePath+"/tasks/" + i3+"/retry/maxAttempts",schemaPath:"#/properties/tasks/items/properties/retry/properties/maxAttempts/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
}
if(data41.backoff !== undefined){
let data43 = data41.backoff;
if(!((data43 === "fixed") || (data43 === "exponential"))){
const err85 = {instancePath:instancePath+"/tasks/" + i3+"/retry/backoff",schemaPath:"#/properties/tasks/items/properties/retry/properties/backoff/enum",keyword:"enum",params:{allowedValues: schema13.properties.tasks.items.properties.retry.properties.backoff.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
if(data41.initialDelayMs !== undefined){
let data44 = data41.initialDelayMs;
if(!(((typeof data44 == "number") && (!(data44 % 1) && !isNaN(data44))) && (isFinite(data44)))){
const err86 = {instancePath:instancePath+"/tasks/" + i3+"/retry/initialDelayMs",schemaPath:"#/properties/tasks/items/properties/retry/properties/initialDelayMs/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
if((typeof data44 == "number") && (isFinite(data44))){
if(data44 < 0 || isNaN(data44)){
const err87 = {instancePath:instancePath+"/tasks/" + i3+"/retry/initialDelayMs",schemaPath:"#/properties/tasks/items/properties/retry/properties/initialDelayMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
}
if(data41.maxDelayMs !== undefined){
let data45 = data41.maxDelayMs;
if(!(((typeof data45 == "number") && (!(data45 % 1) && !isNaN(data45))) && (isFinite(data45)))){
const err88 = {instancePath:instancePath+"/tasks/" + i3+"/retry/maxDelayMs",schemaPath:"#/properties/tasks/items/properties/retry/properties/maxDelayMs/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
if((typeof data45 == "number") && (isFinite(data45))){
if(data45 < 0 || isNaN(data45)){
const err89 = {instancePath:instancePath+"/tasks/" + i3+"/retry/maxDelayMs",schemaPath:"#/properties/tasks/items/properties/retry/properties/maxDelayMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
}
if(data41.jitter !== undefined){
if(typeof data41.jitter !== "boolean"){
const err90 = {instancePath:instancePath+"/tasks/" + i3+"/retry/jitter",schemaPath:"#/properties/tasks/items/properties/retry/properties/jitter/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(data41.retryOn !== undefined){
let data47 = data41.retryOn;
if(Array.isArray(data47)){
const len5 = data47.length;
for(let i5=0; i5<len5; i5++){
if(typeof data47[i5] !== "string"){
const err91 = {instancePath:instancePath+"/tasks/" + i3+"/retry/retryOn/" + i5,schemaPath:"#/properties/tasks/items/properties/retry/properties/retryOn/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
}
else {
const err92 = {instancePath:instancePath+"/tasks/" + i3+"/retry/retryOn",schemaPath:"#/properties/tasks/items/properties/retry/properties/retryOn/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
}
else {
const err93 = {instancePath:instancePath+"/tasks/" + i3+"/retry",schemaPath:"#/properties/tasks/items/properties/retry/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
if(data14.timeoutMs !== undefined){
let data49 = data14.timeoutMs;
if(!(((typeof data49 == "number") && (!(data49 % 1) && !isNaN(data49))) && (isFinite(data49)))){
const err94 = {instancePath:instancePath+"/tasks/" + i3+"/timeoutMs",schemaPath:"#/properties/tasks/items/properties/timeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
if((typeof data49 == "number") && (isFinite(data49))){
if(data49 < 1 || isNaN(data49)){
const err95 = {instancePath:instancePath+"/tasks/" + i3+"/timeoutMs",schemaPath:"#/properties/tasks/items/properties/timeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
}
if(data14.inputSchema !== undefined){
let data50 = data14.inputSchema;
if((!(data50 && typeof data50 == "object" && !Array.isArray(data50))) && (typeof data50 !== "boolean")){
const err96 = {instancePath:instancePath+"/tasks/" + i3+"/inputSchema",schemaPath:"#/properties/tasks/items/properties/inputSchema/type",keyword:"type",params:{type: schema13.properties.tasks.items.properties.inputSchema.type},message:"must be object,boolean"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
if(data14.outputSchema !== undefined){
let data51 = data14.outputSchema;
if((!(data51 && typeof data51 == "object" && !Array.isArray(data51))) && (typeof data51 !== "boolean")){
const err97 = {instancePath:instancePath+"/tasks/" + i3+"/outputSchema",schemaPath:"#/properties/tasks/items/properties/outputSchema/type",keyword:"type",params:{type: schema13.properties.tasks.items.properties.outputSchema.type},message:"must be object,boolean"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
if(data14.policyTags !== undefined){
let data52 = data14.policyTags;
if(Array.isArray(data52)){
const len6 = data52.length;
for(let i6=0; i6<len6; i6++){
let data53 = data52[i6];
if(typeof data53 === "string"){
if(func3(data53) < 1){
const err98 = {instancePath:instancePath+"/tasks/" + i3+"/policyTags/" + i6,schemaPath:"#/properties/tasks/items/properties/policyTags/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
else {
const err99 = {instancePath:instancePath+"/tasks/" + i3+"/policyTags/" + i6,schemaPath:"#/properties/tasks/items/properties/policyTags/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
}
else {
const err100 = {instancePath:instancePath+"/tasks/" + i3+"/policyTags",schemaPath:"#/properties/tasks/items/properties/policyTags/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
if(data14.compensate !== undefined){
let data54 = data14.compensate;
if(typeof data54 === "string"){
if(func3(data54) < 1){
const err101 = {instancePath:instancePath+"/tasks/" + i3+"/compensate",schemaPath:"#/properties/tasks/items/properties/compensate/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
else {
const err102 = {instancePath:instancePath+"/tasks/" + i3+"/compensate",schemaPath:"#/properties/tasks/items/properties/compensate/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
if(data14.handoff !== undefined){
let data55 = data14.handoff;
if(data55 && typeof data55 == "object" && !Array.isArray(data55)){
for(const key7 in data55){
if(!((key7 === "summary") || (key7 === "include"))){
const err103 = {instancePath:instancePath+"/tasks/" + i3+"/handoff",schemaPath:"#/properties/tasks/items/properties/handoff/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
if(data55.summary !== undefined){
if(typeof data55.summary !== "boolean"){
const err104 = {instancePath:instancePath+"/tasks/" + i3+"/handoff/summary",schemaPath:"#/properties/tasks/items/properties/handoff/properties/summary/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
if(data55.include !== undefined){
let data57 = data55.include;
if(Array.isArray(data57)){
const len7 = data57.length;
for(let i7=0; i7<len7; i7++){
if(typeof data57[i7] !== "string"){
const err105 = {instancePath:instancePath+"/tasks/" + i3+"/handoff/include/" + i7,schemaPath:"#/properties/tasks/items/properties/handoff/properties/include/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
}
else {
const err106 = {instancePath:instancePath+"/tasks/" + i3+"/handoff/include",schemaPath:"#/properties/tasks/items/properties/handoff/properties/include/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
}
else {
const err107 = {instancePath:instancePath+"/tasks/" + i3+"/handoff",schemaPath:"#/properties/tasks/items/properties/handoff/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
if(data14.budget !== undefined){
let data59 = data14.budget;
if(data59 && typeof data59 == "object" && !Array.isArray(data59)){
if(Object.keys(data59).length < 1){
const err108 = {instancePath:instancePath+"/tasks/" + i3+"/budget",schemaPath:"#/properties/tasks/items/properties/budget/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties"};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
for(const key8 in data59){
if(!((key8 === "maxTokens") || (key8 === "maxCostUsd"))){
const err109 = {instancePath:instancePath+"/tasks/" + i3+"/budget",schemaPath:"#/properties/tasks/items/properties/budget/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(data59.maxTokens !== undefined){
let data60 = data59.maxTokens;
if(!(((typeof data60 == "number") && (!(data60 % 1) && !isNaN(data60))) && (isFinite(data60)))){
const err110 = {instancePath:instancePath+"/tasks/" + i3+"/budget/maxTokens",schemaPath:"#/properties/tasks/items/properties/budget/properties/maxTokens/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
if((typeof data60 == "number") && (isFinite(data60))){
if(data60 < 1 || isNaN(data60)){
const err111 = {instancePath:instancePath+"/tasks/" + i3+"/budget/maxTokens",schemaPath:"#/properties/tasks/items/properties/budget/properties/maxTokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
}
if(data59.maxCostUsd !== undefined){
let data61 = data59.maxCostUsd;
if((typeof data61 == "number") && (isFinite(data61))){
if(data61 <= 0 || isNaN(data61)){
const err112 = {instancePath:instancePath+"/tasks/" + i3+"/budget/maxCostUsd",schemaPath:"#/properties/tasks/items/properties/budget/properties/maxCostUsd/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
else {
const err113 = {instancePath:instancePath+"/tasks/" + i3+"/budget/maxCostUsd",schemaPath:"#/properties/tasks/items/properties/budget/properties/maxCostUsd/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
}
else {
const err114 = {instancePath:instancePath+"/tasks/" + i3+"/budget",schemaPath:"#/properties/tasks/items/properties/budget/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
if(data14.forEach !== undefined){
let data62 = data14.forEach;
if(data62 && typeof data62 == "object" && !Array.isArray(data62)){
if(data62.items === undefined){
const err115 = {instancePath:instancePath+"/tasks/" + i3+"/forEach",schemaPath:"#/properties/tasks/items/properties/forEach/required",keyword:"required",params:{missingProperty: "items"},message:"must have required property '"+"items"+"'"};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
if(data62.maxItems === undefined){
const err116 = {instancePath:instancePath+"/tasks/" + i3+"/forEach",schemaPath:"#/properties/tasks/items/properties/forEach/required",keyword:"required",params:{missingProperty: "maxItems"},message:"must have required property '"+"maxItems"+"'"};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
for(const key9 in data62){
if(!(((key9 === "items") || (key9 === "maxItems")) || (key9 === "concurrency"))){
const err117 = {instancePath:instancePath+"/tasks/" + i3+"/forEach",schemaPath:"#/properties/tasks/items/properties/forEach/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
if(data62.items !== undefined){
let data63 = data62.items;
if(typeof data63 === "string"){
if(func3(data63) < 1){
const err118 = {instancePath:instancePath+"/tasks/" + i3+"/forEach/items",schemaPath:"#/properties/tasks/items/properties/forEach/properties/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
else {
const err119 = {instancePath:instancePath+"/tasks/" + i3+"/forEach/items",schemaPath:"#/properties/tasks/items/properties/forEach/properties/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
if(data62.maxItems !== undefined){
let data64 = data62.maxItems;
if(!(((typeof data64 == "number") && (!(data64 % 1) && !isNaN(data64))) && (isFinite(data64)))){
const err120 = {instancePath:instancePath+"/tasks/" + i3+"/forEach/maxItems",schemaPath:"#/properties/tasks/items/properties/forEach/properties/maxItems/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
if((typeof data64 == "number") && (isFinite(data64))){
if(data64 > 1000 || isNaN(data64)){
const err121 = {instancePath:instancePath+"/tasks/" + i3+"/forEach/maxItems",schemaPath:"#/properties/tasks/items/properties/forEach/properties/maxItems/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
if(data64 < 1 || isNaN(data64)){
const err122 = {instancePath:instancePath+"/tasks/" + i3+"/forEach/maxItems",schemaPath:"#/properties/tasks/items/properties/forEach/properties/maxItems/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
}
if(data62.concurrency !== undefined){
let data65 = data62.concurrency;
if(!(((typeof data65 == "number") && (!(data65 % 1) && !isNaN(data65))) && (isFinite(data65)))){
const err123 = {instancePath:instancePath+"/tasks/" + i3+"/forEach/concurrency",schemaPath:"#/properties/tasks/items/properties/forEach/properties/concurrency/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
if((typeof data65 == "number") && (isFinite(data65))){
if(data65 > 1000 || isNaN(data65)){
const err124 = {instancePath:instancePath+"/tasks/" + i3+"/forEach/concurrency",schemaPath:"#/properties/tasks/items/properties/forEach/properties/concurrency/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000"};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
if(data65 < 1 || isNaN(data65)){
const err125 = {instancePath:instancePath+"/tasks/" + i3+"/forEach/concurrency",schemaPath:"#/properties/tasks/items/properties/forEach/properties/concurrency/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
}
}
else {
const err126 = {instancePath:instancePath+"/tasks/" + i3+"/forEach",schemaPath:"#/properties/tasks/items/properties/forEach/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
if(data14.loop !== undefined){
let data66 = data14.loop;
if(data66 && typeof data66 == "object" && !Array.isArray(data66)){
if(data66.maxRounds === undefined){
const err127 = {instancePath:instancePath+"/tasks/" + i3+"/loop",schemaPath:"#/properties/tasks/items/properties/loop/required",keyword:"required",params:{missingProperty: "maxRounds"},message:"must have required property '"+"maxRounds"+"'"};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
if(data66.until === undefined){
const err128 = {instancePath:instancePath+"/tasks/" + i3+"/loop",schemaPath:"#/properties/tasks/items/properties/loop/required",keyword:"required",params:{missingProperty: "until"},message:"must have required property '"+"until"+"'"};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
for(const key10 in data66){
if(!(((key10 === "maxRounds") || (key10 === "until")) || (key10 === "onMaxRounds"))){
const err129 = {instancePath:instancePath+"/tasks/" + i3+"/loop",schemaPath:"#/properties/tasks/items/properties/loop/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
if(data66.maxRounds !== undefined){
let data67 = data66.maxRounds;
if(!(((typeof data67 == "number") && (!(data67 % 1) && !isNaN(data67))) && (isFinite(data67)))){
const err130 = {instancePath:instancePath+"/tasks/" + i3+"/loop/maxRounds",schemaPath:"#/properties/tasks/items/properties/loop/properties/maxRounds/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
if((typeof data67 == "number") && (isFinite(data67))){
if(data67 > 100 || isNaN(data67)){
const err131 = {instancePath:instancePath+"/tasks/" + i3+"/loop/maxRounds",schemaPath:"#/properties/tasks/items/properties/loop/properties/maxRounds/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100},message:"must be <= 100"};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
if(data67 < 1 || isNaN(data67)){
const err132 = {instancePath:instancePath+"/tasks/" + i3+"/loop/maxRounds",schemaPath:"#/properties/tasks/items/properties/loop/properties/maxRounds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
}
}
if(data66.until !== undefined){
let data68 = data66.until;
if(typeof data68 === "string"){
if(func3(data68) < 1){
const err133 = {instancePath:instancePath+"/tasks/" + i3+"/loop/until",schemaPath:"#/properties/tasks/items/properties/loop/properties/until/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
else {
const err134 = {instancePath:instancePath+"/tasks/" + i3+"/loop/until",schemaPath:"#/properties/tasks/items/properties/loop/properties/until/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
}
if(data66.onMaxRounds !== undefined){
let data69 = data66.onMaxRounds;
if(!((data69 === "fail") || (data69 === "complete"))){
const err135 = {instancePath:instancePath+"/tasks/" + i3+"/loop/onMaxRounds",schemaPath:"#/properties/tasks/items/properties/loop/properties/onMaxRounds/enum",keyword:"enum",params:{allowedValues: schema13.properties.tasks.items.properties.loop.properties.onMaxRounds.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
}
else {
const err136 = {instancePath:instancePath+"/tasks/" + i3+"/loop",schemaPath:"#/properties/tasks/items/properties/loop/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
}
else {
const err137 = {instancePath:instancePath+"/tasks/" + i3,schemaPath:"#/properties/tasks/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
}
else {
const err138 = {instancePath:instancePath+"/tasks",schemaPath:"#/properties/tasks/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
if(data.goalSchema !== undefined){
let data70 = data.goalSchema;
if((!(data70 && typeof data70 == "object" && !Array.isArray(data70))) && (typeof data70 !== "boolean")){
const err139 = {instancePath:instancePath+"/goalSchema",schemaPath:"#/properties/goalSchema/type",keyword:"type",params:{type: schema13.properties.goalSchema.type},message:"must be object,boolean"};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
if(data.finalOutputSchema !== undefined){
let data71 = data.finalOutputSchema;
if((!(data71 && typeof data71 == "object" && !Array.isArray(data71))) && (typeof data71 !== "boolean")){
const err140 = {instancePath:instancePath+"/finalOutputSchema",schemaPath:"#/properties/finalOutputSchema/type",keyword:"type",params:{type: schema13.properties.finalOutputSchema.type},message:"must be object,boolean"};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
if(data.output !== undefined){
let data72 = data.output;
const _errs170 = errors;
let valid44 = false;
let passing1 = null;
const _errs171 = errors;
const _errs172 = errors;
let valid45 = false;
let passing2 = null;
const _errs173 = errors;
if(data72 && typeof data72 == "object" && !Array.isArray(data72)){
if(data72.from === undefined){
const err141 = {instancePath:instancePath+"/output",schemaPath:"#/properties/output/oneOf/0/oneOf/0/required",keyword:"required",params:{missingProperty: "from"},message:"must have required property '"+"from"+"'"};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
for(const key11 in data72){
if(!(key11 === "from")){
const err142 = {instancePath:instancePath+"/output",schemaPath:"#/properties/output/oneOf/0/oneOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
if(data72.from !== undefined){
let data73 = data72.from;
if(typeof data73 === "string"){
if(func3(data73) < 1){
const err143 = {instancePath:instancePath+"/output/from",schemaPath:"#/properties/output/oneOf/0/oneOf/0/properties/from/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
else {
const err144 = {instancePath:instancePath+"/output/from",schemaPath:"#/properties/output/oneOf/0/oneOf/0/properties/from/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
}
}
else {
const err145 = {instancePath:instancePath+"/output",schemaPath:"#/properties/output/oneOf/0/oneOf/0/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
var _valid7 = _errs173 === errors;
if(_valid7){
valid45 = true;
passing2 = 0;
}
const _errs178 = errors;
if(data72 && typeof data72 == "object" && !Array.isArray(data72)){
if(data72.value === undefined){
const err146 = {instancePath:instancePath+"/output",schemaPath:"#/properties/output/oneOf/0/oneOf/1/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'"};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
for(const key12 in data72){
if(!(key12 === "value")){
const err147 = {instancePath:instancePath+"/output",schemaPath:"#/properties/output/oneOf/0/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
}
}
else {
const err148 = {instancePath:instancePath+"/output",schemaPath:"#/properties/output/oneOf/0/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
var _valid7 = _errs178 === errors;
if(_valid7 && valid45){
valid45 = false;
passing2 = [passing2, 1];
}
else {
if(_valid7){
valid45 = true;
passing2 = 1;
}
}
if(!valid45){
const err149 = {instancePath:instancePath+"/output",schemaPath:"#/properties/output/oneOf/0/oneOf",keyword:"oneOf",params:{passingSchemas: passing2},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
else {
errors = _errs172;
if(vErrors !== null){
if(_errs172){
vErrors.length = _errs172;
}
else {
vErrors = null;
}
}
}
var _valid6 = _errs171 === errors;
if(_valid6){
valid44 = true;
passing1 = 0;
}
const _errs181 = errors;
const _errs183 = errors;
const _errs184 = errors;
const _errs185 = errors;
let valid48 = false;
const _errs186 = errors;
if(data72 && typeof data72 == "object" && !Array.isArray(data72)){
let missing0;
if((data72.from === undefined) && (missing0 = "from")){
const err150 = {};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
}
var _valid8 = _errs186 === errors;
valid48 = valid48 || _valid8;
if(!valid48){
const _errs187 = errors;
if(data72 && typeof data72 == "object" && !Array.isArray(data72)){
let missing1;
if((data72.value === undefined) && (missing1 = "value")){
const err151 = {};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
var _valid8 = _errs187 === errors;
valid48 = valid48 || _valid8;
}
if(!valid48){
const err152 = {};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
else {
errors = _errs185;
if(vErrors !== null){
if(_errs185){
vErrors.length = _errs185;
}
else {
vErrors = null;
}
}
}
var valid47 = _errs184 === errors;
if(valid47){
const err153 = {instancePath:instancePath+"/output",schemaPath:"#/properties/output/oneOf/1/not",keyword:"not",params:{},message:"must NOT be valid"};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
else {
errors = _errs183;
if(vErrors !== null){
if(_errs183){
vErrors.length = _errs183;
}
else {
vErrors = null;
}
}
}
if(data72 && typeof data72 == "object" && !Array.isArray(data72)){
for(const key13 in data72){
let data74 = data72[key13];
const _errs190 = errors;
let valid50 = false;
let passing3 = null;
const _errs191 = errors;
if(data74 && typeof data74 == "object" && !Array.isArray(data74)){
if(data74.from === undefined){
const err154 = {instancePath:instancePath+"/output/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/output/oneOf/1/additionalProperties/oneOf/0/required",keyword:"required",params:{missingProperty: "from"},message:"must have required property '"+"from"+"'"};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
for(const key14 in data74){
if(!(key14 === "from")){
const err155 = {instancePath:instancePath+"/output/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/output/oneOf/1/additionalProperties/oneOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
}
if(data74.from !== undefined){
let data75 = data74.from;
if(typeof data75 === "string"){
if(func3(data75) < 1){
const err156 = {instancePath:instancePath+"/output/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/from",schemaPath:"#/properties/output/oneOf/1/additionalProperties/oneOf/0/properties/from/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
}
else {
const err157 = {instancePath:instancePath+"/output/" + key13.replace(/~/g, "~0").replace(/\//g, "~1")+"/from",schemaPath:"#/properties/output/oneOf/1/additionalProperties/oneOf/0/properties/from/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
}
else {
const err158 = {instancePath:instancePath+"/output/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/output/oneOf/1/additionalProperties/oneOf/0/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
var _valid9 = _errs191 === errors;
if(_valid9){
valid50 = true;
passing3 = 0;
}
const _errs196 = errors;
if(data74 && typeof data74 == "object" && !Array.isArray(data74)){
if(data74.value === undefined){
const err159 = {instancePath:instancePath+"/output/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/output/oneOf/1/additionalProperties/oneOf/1/required",keyword:"required",params:{missingProperty: "value"},message:"must have required property '"+"value"+"'"};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
for(const key15 in data74){
if(!(key15 === "value")){
const err160 = {instancePath:instancePath+"/output/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/output/oneOf/1/additionalProperties/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key15},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
}
}
else {
const err161 = {instancePath:instancePath+"/output/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/output/oneOf/1/additionalProperties/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
var _valid9 = _errs196 === errors;
if(_valid9 && valid50){
valid50 = false;
passing3 = [passing3, 1];
}
else {
if(_valid9){
valid50 = true;
passing3 = 1;
}
}
if(!valid50){
const err162 = {instancePath:instancePath+"/output/" + key13.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/output/oneOf/1/additionalProperties/oneOf",keyword:"oneOf",params:{passingSchemas: passing3},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
else {
errors = _errs190;
if(vErrors !== null){
if(_errs190){
vErrors.length = _errs190;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err163 = {instancePath:instancePath+"/output",schemaPath:"#/properties/output/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
var _valid6 = _errs181 === errors;
if(_valid6 && valid44){
valid44 = false;
passing1 = [passing1, 1];
}
else {
if(_valid6){
valid44 = true;
passing1 = 1;
}
}
if(!valid44){
const err164 = {instancePath:instancePath+"/output",schemaPath:"#/properties/output/oneOf",keyword:"oneOf",params:{passingSchemas: passing1},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err164];
}
else {
vErrors.push(err164);
}
errors++;
}
else {
errors = _errs170;
if(vErrors !== null){
if(_errs170){
vErrors.length = _errs170;
}
else {
vErrors = null;
}
}
}
}
if(data.policyTags !== undefined){
let data76 = data.policyTags;
if(Array.isArray(data76)){
const len8 = data76.length;
for(let i8=0; i8<len8; i8++){
let data77 = data76[i8];
if(typeof data77 === "string"){
if(func3(data77) < 1){
const err165 = {instancePath:instancePath+"/policyTags/" + i8,schemaPath:"#/properties/policyTags/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
}
else {
const err166 = {instancePath:instancePath+"/policyTags/" + i8,schemaPath:"#/properties/policyTags/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err166];
}
else {
vErrors.push(err166);
}
errors++;
}
}
}
else {
const err167 = {instancePath:instancePath+"/policyTags",schemaPath:"#/properties/policyTags/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err167];
}
else {
vErrors.push(err167);
}
errors++;
}
}
if(data.timeoutMs !== undefined){
let data78 = data.timeoutMs;
if(!(((typeof data78 == "number") && (!(data78 % 1) && !isNaN(data78))) && (isFinite(data78)))){
const err168 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err168];
}
else {
vErrors.push(err168);
}
errors++;
}
if((typeof data78 == "number") && (isFinite(data78))){
if(data78 < 1 || isNaN(data78)){
const err169 = {instancePath:instancePath+"/timeoutMs",schemaPath:"#/properties/timeoutMs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err169];
}
else {
vErrors.push(err169);
}
errors++;
}
}
}
if(data.maxParallelTasks !== undefined){
let data79 = data.maxParallelTasks;
if(!(((typeof data79 == "number") && (!(data79 % 1) && !isNaN(data79))) && (isFinite(data79)))){
const err170 = {instancePath:instancePath+"/maxParallelTasks",schemaPath:"#/properties/maxParallelTasks/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err170];
}
else {
vErrors.push(err170);
}
errors++;
}
if((typeof data79 == "number") && (isFinite(data79))){
if(data79 < 1 || isNaN(data79)){
const err171 = {instancePath:instancePath+"/maxParallelTasks",schemaPath:"#/properties/maxParallelTasks/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err171];
}
else {
vErrors.push(err171);
}
errors++;
}
}
}
if(data.requiredSecrets !== undefined){
let data80 = data.requiredSecrets;
if(Array.isArray(data80)){
const len9 = data80.length;
for(let i9=0; i9<len9; i9++){
let data81 = data80[i9];
if(typeof data81 === "string"){
if(func3(data81) < 1){
const err172 = {instancePath:instancePath+"/requiredSecrets/" + i9,schemaPath:"#/properties/requiredSecrets/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err172];
}
else {
vErrors.push(err172);
}
errors++;
}
}
else {
const err173 = {instancePath:instancePath+"/requiredSecrets/" + i9,schemaPath:"#/properties/requiredSecrets/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err173];
}
else {
vErrors.push(err173);
}
errors++;
}
}
}
else {
const err174 = {instancePath:instancePath+"/requiredSecrets",schemaPath:"#/properties/requiredSecrets/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err174];
}
else {
vErrors.push(err174);
}
errors++;
}
}
if(data.triggers !== undefined){
let data82 = data.triggers;
if(Array.isArray(data82)){
const len10 = data82.length;
for(let i10=0; i10<len10; i10++){
let data83 = data82[i10];
const _errs216 = errors;
let valid59 = true;
const _errs217 = errors;
if(data83 && typeof data83 == "object" && !Array.isArray(data83)){
if(data83.type !== undefined){
if("cron" !== data83.type){
const err175 = {};
if(vErrors === null){
vErrors = [err175];
}
else {
vErrors.push(err175);
}
errors++;
}
}
}
var _valid10 = _errs217 === errors;
errors = _errs216;
if(vErrors !== null){
if(_errs216){
vErrors.length = _errs216;
}
else {
vErrors = null;
}
}
if(_valid10){
const _errs219 = errors;
if(data83 && typeof data83 == "object" && !Array.isArray(data83)){
if(data83.cron === undefined){
const err176 = {instancePath:instancePath+"/triggers/" + i10,schemaPath:"#/properties/triggers/items/allOf/0/then/required",keyword:"required",params:{missingProperty: "cron"},message:"must have required property '"+"cron"+"'"};
if(vErrors === null){
vErrors = [err176];
}
else {
vErrors.push(err176);
}
errors++;
}
}
var _valid10 = _errs219 === errors;
valid59 = _valid10;
}
if(!valid59){
const err177 = {instancePath:instancePath+"/triggers/" + i10,schemaPath:"#/properties/triggers/items/allOf/0/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err177];
}
else {
vErrors.push(err177);
}
errors++;
}
const _errs221 = errors;
let valid61 = true;
const _errs222 = errors;
if(data83 && typeof data83 == "object" && !Array.isArray(data83)){
if(data83.type !== undefined){
if("runAt" !== data83.type){
const err178 = {};
if(vErrors === null){
vErrors = [err178];
}
else {
vErrors.push(err178);
}
errors++;
}
}
}
var _valid11 = _errs222 === errors;
errors = _errs221;
if(vErrors !== null){
if(_errs221){
vErrors.length = _errs221;
}
else {
vErrors = null;
}
}
if(_valid11){
const _errs224 = errors;
if(data83 && typeof data83 == "object" && !Array.isArray(data83)){
if(data83.runAt === undefined){
const err179 = {instancePath:instancePath+"/triggers/" + i10,schemaPath:"#/properties/triggers/items/allOf/1/then/required",keyword:"required",params:{missingProperty: "runAt"},message:"must have required property '"+"runAt"+"'"};
if(vErrors === null){
vErrors = [err179];
}
else {
vErrors.push(err179);
}
errors++;
}
}
var _valid11 = _errs224 === errors;
valid61 = _valid11;
}
if(!valid61){
const err180 = {instancePath:instancePath+"/triggers/" + i10,schemaPath:"#/properties/triggers/items/allOf/1/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err180];
}
else {
vErrors.push(err180);
}
errors++;
}
const _errs226 = errors;
let valid63 = true;
const _errs227 = errors;
if(data83 && typeof data83 == "object" && !Array.isArray(data83)){
if(data83.type !== undefined){
if("event" !== data83.type){
const err181 = {};
if(vErrors === null){
vErrors = [err181];
}
else {
vErrors.push(err181);
}
errors++;
}
}
}
var _valid12 = _errs227 === errors;
errors = _errs226;
if(vErrors !== null){
if(_errs226){
vErrors.length = _errs226;
}
else {
vErrors = null;
}
}
if(_valid12){
const _errs229 = errors;
if(data83 && typeof data83 == "object" && !Array.isArray(data83)){
if(data83.event === undefined){
const err182 = {instancePath:instancePath+"/triggers/" + i10,schemaPath:"#/properties/triggers/items/allOf/2/then/required",keyword:"required",params:{missingProperty: "event"},message:"must have required property '"+"event"+"'"};
if(vErrors === null){
vErrors = [err182];
}
else {
vErrors.push(err182);
}
errors++;
}
}
var _valid12 = _errs229 === errors;
valid63 = _valid12;
}
if(!valid63){
const err183 = {instancePath:instancePath+"/triggers/" + i10,schemaPath:"#/properties/triggers/items/allOf/2/if",keyword:"if",params:{failingKeyword: "then"},message:"must match \"then\" schema"};
if(vErrors === null){
vErrors = [err183];
}
else {
vErrors.push(err183);
}
errors++;
}
if(data83 && typeof data83 == "object" && !Array.isArray(data83)){
if(data83.id === undefined){
const err184 = {instancePath:instancePath+"/triggers/" + i10,schemaPath:"#/properties/triggers/items/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err184];
}
else {
vErrors.push(err184);
}
errors++;
}
if(data83.type === undefined){
const err185 = {instancePath:instancePath+"/triggers/" + i10,schemaPath:"#/properties/triggers/items/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err185];
}
else {
vErrors.push(err185);
}
errors++;
}
if(data83.id !== undefined){
let data87 = data83.id;
if(typeof data87 === "string"){
if(!pattern3.test(data87)){
const err186 = {instancePath:instancePath+"/triggers/" + i10+"/id",schemaPath:"#/properties/triggers/items/properties/id/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9_.:-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"+"\""};
if(vErrors === null){
vErrors = [err186];
}
else {
vErrors.push(err186);
}
errors++;
}
}
else {
const err187 = {instancePath:instancePath+"/triggers/" + i10+"/id",schemaPath:"#/properties/triggers/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err187];
}
else {
vErrors.push(err187);
}
errors++;
}
}
if(data83.type !== undefined){
let data88 = data83.type;
if(!(((data88 === "cron") || (data88 === "runAt")) || (data88 === "event"))){
const err188 = {instancePath:instancePath+"/triggers/" + i10+"/type",schemaPath:"#/properties/triggers/items/properties/type/enum",keyword:"enum",params:{allowedValues: schema13.properties.triggers.items.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err188];
}
else {
vErrors.push(err188);
}
errors++;
}
}
if(data83.cron !== undefined){
let data89 = data83.cron;
if(typeof data89 === "string"){
if(func3(data89) < 1){
const err189 = {instancePath:instancePath+"/triggers/" + i10+"/cron",schemaPath:"#/properties/triggers/items/properties/cron/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err189];
}
else {
vErrors.push(err189);
}
errors++;
}
}
else {
const err190 = {instancePath:instancePath+"/triggers/" + i10+"/cron",schemaPath:"#/properties/triggers/items/properties/cron/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err190];
}
else {
vErrors.push(err190);
}
errors++;
}
}
if(data83.timezone !== undefined){
let data90 = data83.timezone;
if(typeof data90 === "string"){
if(func3(data90) < 1){
const err191 = {instancePath:instancePath+"/triggers/" + i10+"/timezone",schemaPath:"#/properties/triggers/items/properties/timezone/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err191];
}
else {
vErrors.push(err191);
}
errors++;
}
}
else {
const err192 = {instancePath:instancePath+"/triggers/" + i10+"/timezone",schemaPath:"#/properties/triggers/items/properties/timezone/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err192];
}
else {
vErrors.push(err192);
}
errors++;
}
}
if(data83.runAt !== undefined){
let data91 = data83.runAt;
if(typeof data91 === "string"){
if(func3(data91) < 1){
const err193 = {instancePath:instancePath+"/triggers/" + i10+"/runAt",schemaPath:"#/properties/triggers/items/properties/runAt/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err193];
}
else {
vErrors.push(err193);
}
errors++;
}
}
else {
const err194 = {instancePath:instancePath+"/triggers/" + i10+"/runAt",schemaPath:"#/properties/triggers/items/properties/runAt/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err194];
}
else {
vErrors.push(err194);
}
errors++;
}
}
if(data83.event !== undefined){
let data92 = data83.event;
if(typeof data92 === "string"){
if(func3(data92) < 1){
const err195 = {instancePath:instancePath+"/triggers/" + i10+"/event",schemaPath:"#/properties/triggers/items/properties/event/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err195];
}
else {
vErrors.push(err195);
}
errors++;
}
}
else {
const err196 = {instancePath:instancePath+"/triggers/" + i10+"/event",schemaPath:"#/properties/triggers/items/properties/event/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err196];
}
else {
vErrors.push(err196);
}
errors++;
}
}
if(data83.filter !== undefined){
let data93 = data83.filter;
if(typeof data93 === "string"){
if(func3(data93) < 1){
const err197 = {instancePath:instancePath+"/triggers/" + i10+"/filter",schemaPath:"#/properties/triggers/items/properties/filter/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err197];
}
else {
vErrors.push(err197);
}
errors++;
}
}
else {
const err198 = {instancePath:instancePath+"/triggers/" + i10+"/filter",schemaPath:"#/properties/triggers/items/properties/filter/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err198];
}
else {
vErrors.push(err198);
}
errors++;
}
}
if(data83.catchUp !== undefined){
let data94 = data83.catchUp;
if(!(((data94 === "none") || (data94 === "latest")) || (data94 === "all"))){
const err199 = {instancePath:instancePath+"/triggers/" + i10+"/catchUp",schemaPath:"#/properties/triggers/items/properties/catchUp/enum",keyword:"enum",params:{allowedValues: schema13.properties.triggers.items.properties.catchUp.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err199];
}
else {
vErrors.push(err199);
}
errors++;
}
}
if(data83.workflowId !== undefined){
if(typeof data83.workflowId !== "string"){
const err200 = {instancePath:instancePath+"/triggers/" + i10+"/workflowId",schemaPath:"#/properties/triggers/items/properties/workflowId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err200];
}
else {
vErrors.push(err200);
}
errors++;
}
}
}
else {
const err201 = {instancePath:instancePath+"/triggers/" + i10,schemaPath:"#/properties/triggers/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err201];
}
else {
vErrors.push(err201);
}
errors++;
}
}
}
else {
const err202 = {instancePath:instancePath+"/triggers",schemaPath:"#/properties/triggers/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err202];
}
else {
vErrors.push(err202);
}
errors++;
}
}
if(data.metadata !== undefined){
let data96 = data.metadata;
if(!(data96 && typeof data96 == "object" && !Array.isArray(data96))){
const err203 = {instancePath:instancePath+"/metadata",schemaPath:"#/properties/metadata/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err203];
}
else {
vErrors.push(err203);
}
errors++;
}
}
if(data.budget !== undefined){
let data97 = data.budget;
if(data97 && typeof data97 == "object" && !Array.isArray(data97)){
if(Object.keys(data97).length < 1){
const err204 = {instancePath:instancePath+"/budget",schemaPath:"#/properties/budget/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties"};
if(vErrors === null){
vErrors = [err204];
}
else {
vErrors.push(err204);
}
errors++;
}
for(const key16 in data97){
if(!((key16 === "maxTokens") || (key16 === "maxCostUsd"))){
const err205 = {instancePath:instancePath+"/budget",schemaPath:"#/properties/budget/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key16},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err205];
}
else {
vErrors.push(err205);
}
errors++;
}
}
if(data97.maxTokens !== undefined){
let data98 = data97.maxTokens;
if(!(((typeof data98 == "number") && (!(data98 % 1) && !isNaN(data98))) && (isFinite(data98)))){
const err206 = {instancePath:instancePath+"/budget/maxTokens",schemaPath:"#/properties/budget/properties/maxTokens/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err206];
}
else {
vErrors.push(err206);
}
errors++;
}
if((typeof data98 == "number") && (isFinite(data98))){
if(data98 < 1 || isNaN(data98)){
const err207 = {instancePath:instancePath+"/budget/maxTokens",schemaPath:"#/properties/budget/properties/maxTokens/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err207];
}
else {
vErrors.push(err207);
}
errors++;
}
}
}
if(data97.maxCostUsd !== undefined){
let data99 = data97.maxCostUsd;
if((typeof data99 == "number") && (isFinite(data99))){
if(data99 <= 0 || isNaN(data99)){
const err208 = {instancePath:instancePath+"/budget/maxCostUsd",schemaPath:"#/properties/budget/properties/maxCostUsd/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err208];
}
else {
vErrors.push(err208);
}
errors++;
}
}
else {
const err209 = {instancePath:instancePath+"/budget/maxCostUsd",schemaPath:"#/properties/budget/properties/maxCostUsd/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err209];
}
else {
vErrors.push(err209);
}
errors++;
}
}
}
else {
const err210 = {instancePath:instancePath+"/budget",schemaPath:"#/properties/budget/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err210];
}
else {
vErrors.push(err210);
}
errors++;
}
}
}
else {
const err211 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err211];
}
else {
vErrors.push(err211);
}
errors++;
}
validate12.errors = vErrors;
return errors === 0;
}

