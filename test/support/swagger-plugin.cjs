// ts-jest does not read nest-cli.json: this runs the @nestjs/swagger CLI plugin in tests too,
// so DTO metadata (and the /docs-json document) is the same as in the build.
const plugin = require('@nestjs/swagger/plugin');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (compiler) => plugin.before({ classValidatorShim: true, introspectComments: true }, compiler.program),
};
