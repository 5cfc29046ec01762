/**
 * Files that tell a reader what a repository is (README, manifests, build and CI configuration):
 * SPEC A5 puts them first in the map as bare names. The names are the ones aider lists, matched
 * on the root-relative path, plus any GitHub workflow file.
 */

const IMPORTANT_PATHS = new Set([
  // version control and documentation
  '.gitignore', '.gitattributes', 'README', 'README.md', 'README.txt', 'README.rst',
  'CONTRIBUTING', 'CONTRIBUTING.md', 'CONTRIBUTING.txt', 'CONTRIBUTING.rst',
  'LICENSE', 'LICENSE.md', 'LICENSE.txt', 'CHANGELOG', 'CHANGELOG.md', 'CHANGELOG.txt', 'CHANGELOG.rst',
  'SECURITY', 'SECURITY.md', 'SECURITY.txt', 'CODEOWNERS',
  // packages and dependencies
  'requirements.txt', 'Pipfile', 'Pipfile.lock', 'pyproject.toml', 'setup.py', 'setup.cfg',
  'package.json', 'package-lock.json', 'yarn.lock', 'npm-shrinkwrap.json', 'Gemfile', 'Gemfile.lock',
  'composer.json', 'composer.lock', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'build.sbt',
  'go.mod', 'go.sum', 'Cargo.toml', 'Cargo.lock', 'mix.exs', 'rebar.config', 'project.clj',
  'Podfile', 'Cartfile', 'dub.json', 'dub.sdl',
  // configuration
  '.env', '.env.example', '.editorconfig', 'tsconfig.json', 'jsconfig.json', '.babelrc', 'babel.config.js',
  '.eslintrc', '.eslintignore', '.prettierrc', '.stylelintrc', 'tslint.json', '.pylintrc', '.flake8',
  '.rubocop.yml', '.scalafmt.conf', '.dockerignore', '.gitpod.yml', 'sonar-project.properties',
  'renovate.json', 'dependabot.yml', '.pre-commit-config.yaml', 'mypy.ini', 'tox.ini', '.yamllint',
  'pyrightconfig.json',
  // build
  'webpack.config.js', 'rollup.config.js', 'parcel.config.js', 'gulpfile.js', 'Gruntfile.js',
  'build.xml', 'build.boot', 'project.json', 'build.cake', 'MANIFEST.in',
  // tests
  'pytest.ini', 'phpunit.xml', 'karma.conf.js', 'jest.config.js', 'cypress.json', '.nycrc', '.nycrc.json',
  // CI/CD
  '.travis.yml', '.gitlab-ci.yml', 'Jenkinsfile', 'azure-pipelines.yml', 'bitbucket-pipelines.yml',
  'appveyor.yml', 'circle.yml', '.circleci/config.yml', '.github/dependabot.yml', 'codecov.yml', '.coveragerc',
  // containers, cloud and serverless
  'Dockerfile', 'docker-compose.yml', 'docker-compose.override.yml', 'serverless.yml', 'firebase.json',
  'now.json', 'netlify.toml', 'vercel.json', 'app.yaml', 'terraform.tf', 'main.tf',
  'cloudformation.json', 'cloudformation.yaml',
  // security, databases, frameworks, API docs
  '.npmrc', '.yarnrc', '.pypirc', 'schema.sql', 'liquibase.properties', 'flyway.conf',
  'next.config.js', 'nuxt.config.js', 'vue.config.js', 'angular.json', 'gatsby-config.js',
  'gridsome.config.js', 'swagger.yaml', 'swagger.json', 'openapi.yaml', 'openapi.json',
  // development environment and docs sites
  '.nvmrc', '.ruby-version', '.python-version', 'Vagrantfile', '.codeclimate.yml',
  'mkdocs.yml', '_config.yml', 'book.toml', 'readthedocs.yml', '.readthedocs.yaml', '.npmignore',
]);

export function isImportantFile(relPath: string): boolean {
  if (IMPORTANT_PATHS.has(relPath)) return true;
  const slash = relPath.lastIndexOf('/');
  return relPath.slice(0, slash) === '.github/workflows' && /\.ya?ml$/.test(relPath);
}
