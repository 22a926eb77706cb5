// The shapes of prompt and schema documents at the door, derived from the model types, with their
// JSON Schemas held to those types by the compiler. Semantic rules (id and version patterns,
// format/template pairing, template syntax) stay with parsePrompt and parseValidationSchema.
import type {
  ChatPromptTemplate,
  Message,
  Prompt,
  PromptMetadata,
  PromptTemplate,
} from '../model/prompt';
import { PROMPT_FORMATS, PROMPT_STATUSES, ROLES } from '../model/prompt';
import type { FieldValidator, SchemaField, ValidationSchema } from '../model/schemaDsl';
import { FIELD_TYPES, VALIDATOR_TYPES } from '../model/schemaDsl';
import {
  anything,
  boolean,
  list,
  mapping,
  number,
  object,
  oneOf,
  openObject,
  orNull,
  string,
  either,
  type Same,
  type Static,
} from './typedSchema';

/** A text template as it may arrive: only `content` is needed; the rest defaults to empty. */
export type TemplateDocument = Pick<PromptTemplate, 'content'> &
  Partial<Pick<PromptTemplate, 'variables' | 'partials' | 'helpers'>>;

/** A chat template as it may arrive: `variables` defaults to empty. */
export type ChatTemplateDocument = Pick<ChatPromptTemplate, 'messages'> &
  Partial<Pick<ChatPromptTemplate, 'variables'>>;

/**
 * Metadata as it may arrive: every known key optional; temperature and max_tokens may be numeric
 * text (as seed YAML writes them); any other key is kept verbatim.
 */
export type MetadataDocument = Partial<
  Pick<
    PromptMetadata,
    'author' | 'description' | 'tags' | 'category' | 'use_cases' | 'model_recommendations'
  >
> & {
  temperature?: number | string | null;
  max_tokens?: number | string | null;
  custom?: PromptMetadata['custom'];
  [extra: string]: unknown;
};

/**
 * A prompt document as a request may carry it: a Prompt whose defaultable fields (version, uid,
 * status, timestamps, metadata, template lists) may be left out. Every stored Prompt is one.
 */
export type PromptDocument = Pick<Prompt, 'id' | 'format' | 'input_schema' | 'output_schema'> & {
  version?: Prompt['version'];
  uid?: string | null;
  status?: Prompt['status'];
  created_at?: string | null;
  updated_at?: string | null;
  template?: TemplateDocument | null;
  chat_template?: ChatTemplateDocument | null;
  metadata?: MetadataDocument;
};

/** A schema field as it may arrive: the flags default (required true, the others false). */
export type FieldDocument = Omit<
  SchemaField,
  'required' | 'nullable' | 'read_only' | 'write_only' | 'validators'
> &
  Partial<Pick<SchemaField, 'required' | 'nullable' | 'read_only' | 'write_only' | 'validators'>>;

/** A validation schema as it may arrive: version, flags and metadata default. */
export type SchemaDocument = Omit<
  ValidationSchema,
  'version' | 'strict' | 'allow_extra' | 'metadata' | 'fields'
> &
  Partial<Pick<ValidationSchema, 'version' | 'strict' | 'allow_extra' | 'metadata'>> & {
    fields: FieldDocument[];
  };

// Bounds against hostile sizes; far above anything a person writes.
const TEXT = string({ maxLength: 2 * 1024 * 1024 });
const LINE = string({ maxLength: 4096 });
const NAMES = list(LINE, { maxItems: 10_000 });
const STRING_MAP = mapping(TEXT, { maxProperties: 10_000 });
const DATA = mapping(anything(), { maxProperties: 10_000 });

const messageSchema = object(
  { role: oneOf(ROLES), content: TEXT },
  {
    name: orNull(LINE),
    function_call: orNull(DATA),
    tool_calls: orNull(list(DATA, { maxItems: 10_000 })),
    tool_call_id: orNull(LINE),
  },
);

const templateSchema = object(
  { content: TEXT },
  { variables: NAMES, partials: STRING_MAP, helpers: STRING_MAP },
);

const chatTemplateSchema = object(
  { messages: list(messageSchema, { maxItems: 100_000 }) },
  { variables: NAMES },
);

// The page and JSON send numbers; seed YAML may hold numeric text, which parsePrompt reads.
const numberOrText = orNull(either(number(), string({ maxLength: 64 })));

const metadataSchema = openObject(
  {},
  {
    author: orNull(LINE),
    description: orNull(TEXT),
    tags: NAMES,
    category: orNull(LINE),
    use_cases: NAMES,
    model_recommendations: NAMES,
    temperature: numberOrText,
    max_tokens: numberOrText,
    custom: DATA,
  },
  anything(),
  { maxProperties: 10_000 },
);

/** The JSON Schema of a prompt document at the door. */
export const promptDocumentSchema = object(
  { id: LINE, format: oneOf(PROMPT_FORMATS) },
  {
    version: string({ maxLength: 64 }),
    uid: orNull(string({ maxLength: 64 })),
    status: oneOf(PROMPT_STATUSES),
    created_at: orNull(string({ maxLength: 64 })),
    updated_at: orNull(string({ maxLength: 64 })),
    template: orNull(templateSchema),
    chat_template: orNull(chatTemplateSchema),
    metadata: metadataSchema,
    input_schema: orNull(LINE),
    output_schema: orNull(LINE),
  },
);

const validatorSchema = object(
  { type: oneOf(VALIDATOR_TYPES) },
  {
    value: anything(),
    error_message: orNull(TEXT),
    min_value: orNull(number()),
    max_value: orNull(number()),
    pattern: orNull(TEXT),
    allowed_values: orNull(list(anything(), { maxItems: 100_000 })),
    custom_function: orNull(LINE),
  },
);

const fieldSchema = object(
  { name: LINE, type: oneOf(FIELD_TYPES) },
  {
    required: boolean(),
    default: anything(),
    description: orNull(TEXT),
    nested_schema: orNull(LINE),
    item_type: orNull(oneOf(FIELD_TYPES)),
    item_schema: orNull(LINE),
    validators: list(validatorSchema, { maxItems: 1000 }),
    nullable: boolean(),
    read_only: boolean(),
    write_only: boolean(),
  },
);

/** The JSON Schema of a validation schema document at the door. */
export const schemaDocumentSchema = object(
  { name: LINE, fields: list(fieldSchema, { maxItems: 10_000 }) },
  {
    version: string({ maxLength: 64 }),
    description: orNull(TEXT),
    strict: boolean(),
    allow_extra: boolean(),
    extends: orNull(LINE),
    metadata: DATA,
  },
);

// The compile-time links: a schema that drifts from its type (a new field in the model, a
// renamed key, a changed optionality) fails typecheck here.
type Holds<T extends true> = T;
export type DocumentSchemasMatchTheirTypes = [
  Holds<Same<Static<typeof messageSchema>, Message>>,
  Holds<Same<Static<typeof validatorSchema>, FieldValidator>>,
  Holds<Same<Static<typeof fieldSchema>, FieldDocument>>,
  Holds<Same<Static<typeof templateSchema>, TemplateDocument>>,
  Holds<Same<Static<typeof chatTemplateSchema>, ChatTemplateDocument>>,
  Holds<Same<Static<typeof metadataSchema>, MetadataDocument>>,
  Holds<Same<Static<typeof promptDocumentSchema>, PromptDocument>>,
  Holds<Same<Static<typeof schemaDocumentSchema>, SchemaDocument>>,
  // Whatever the library stores passes the door again (the page sends back what it got).
  Holds<Prompt extends PromptDocument ? true : false>,
  Holds<ValidationSchema extends SchemaDocument ? true : false>,
];
