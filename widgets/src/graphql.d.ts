declare module '*.graphql?raw' {
  const document: string;
  export default document;
}
