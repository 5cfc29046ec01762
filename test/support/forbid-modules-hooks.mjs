let forbidden = [];

export function initialize(data) {
  forbidden = data.forbidden;
}

export async function resolve(specifier, context, next) {
  if (forbidden.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
    throw new Error(`forbidden module loaded: ${specifier}`);
  }
  return next(specifier, context);
}
