export { scaffoldPack, type ScaffoldOptions, type ScaffoldResult } from './scaffoldPack.js';
export { checkPackName } from './packName.js';
export { packTemplate, type PackTemplateOptions } from './packTemplate.js';
export { createPackMain } from './createPackMain.js';
