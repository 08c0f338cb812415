// TypeDoc plugin. A model is a valibot schema and its inferred type under one name
// (`export const SessionOverview = v.object(…); export type SessionOverview = …`): one
// doc comment, on the schema, documents both, so the type gets the schema's comment
// before the check for undocumented exports runs.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const type of project.getReflectionsByKind(ReflectionKind.TypeAlias)) {
      if (type.hasComment()) continue;
      const schema = type.parent
        ?.getChildrenByKind?.(ReflectionKind.Variable)
        .find((v) => v.name === type.name && v.hasComment());
      if (schema?.comment) type.comment = schema.comment.clone();
    }
  });
}
