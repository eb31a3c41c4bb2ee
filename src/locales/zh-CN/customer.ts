export default {
  customer: {
    errors: {
      notFound: '在您的客户中找不到“{{name}}”。',
      ambiguous: '“{{name}}”匹配到多个客户：{{options}}。请写得更具体一些。',
      exists: '已存在名为“{{name}}”的客户。',
    },
  },
};
