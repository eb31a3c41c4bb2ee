export default {
  customer: {
    errors: {
      notFound: 'No customer "{{name}}" among your accounts.',
      ambiguous: '"{{name}}" matches several customers: {{options}}. Please be more specific.',
      exists: 'A customer named "{{name}}" already exists.',
    },
  },
};
