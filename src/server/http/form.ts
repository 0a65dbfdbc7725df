/** A multipart form's fields as one input object: text fields as strings, files as Blobs. */

/** A field sent more than once: an upload's input has one value per name. */
export class DuplicateFormField extends Error {
  override name = "DuplicateFormField";
  constructor(readonly field: string) {
    super(`Send the field ${field} once`);
  }
}

/** The form's fields by name; DuplicateFormField when a name comes twice. */
export function formFields(form: FormData): Record<string, FormDataEntryValue> {
  const fields: Record<string, FormDataEntryValue> = {};
  for (const [name, value] of form.entries()) {
    if (Object.hasOwn(fields, name)) throw new DuplicateFormField(name);
    fields[name] = value;
  }
  return fields;
}
