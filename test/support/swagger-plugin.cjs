// ts-jest does not read nest-cli.json: this runs the @nestjs/swagger CLI plugin in tests too,
// so DTO metadata (and the /docs-json document) is the same as in the build.
const plugin = require('@nestjs/swagger/plugin');

// the same options as nest-cli.json
const { options } = require('../../nest-cli.json').compilerOptions.plugins[0];

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (compiler) => plugin.before(options, compiler.program),
};
