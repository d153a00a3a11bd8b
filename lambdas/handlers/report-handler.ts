// Placeholder entry so the CDK can bundle it; replaced by the handlers work.
export const handler = async (_event: unknown): Promise<never> => {
  throw new Error('report handler not implemented yet');
};
