import type { Settings } from './types.js';

/** Catalogue defaults shared by the BR-LD-1 checks (settings.sensitiveData). */
export const DEFAULT_SETTINGS: Settings = {
  sensitiveData: {
    tagKeys: ['DataClassification', 'data-classification', 'cms:data-classification', 'Classification', 'Sensitivity', 'DataSensitivity'],
    tagValues: ['PII', 'PHI', 'sensitive', 'confidential', 'restricted', 'FTI', 'CUI'],
    booleanTagKeys: ['PII', 'PHI', 'ContainsPII', 'ContainsPHI'],
    exceptionTagKey: 'cms:isso-exception',
  },
  parameters: {},
  includeGeneratedFunctions: false,
};
