// ESLint flat config. Type-aware rules catch unawaited promises; the restricted-imports blocks keep the layers of
// ARCHITECTURE.md honest: imports point down only, and acd/ (the pure ACD engine) imports nothing but itself.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const upperLayers = ['api', 'web', 'scenario', 'telephony', 'config', 'server', 'cli'];

/** Builds a no-restricted-imports rule forbidding imports of the named sibling layers from a layer folder. */
function forbidLayers(layers, why) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: layers.map((layer) => ({
          regex: `^(\\.\\./)+${layer}(/|\\.js$|$)`,
          message: why,
        })),
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'types/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/acd/**/*.ts'],
    ignores: ['src/acd/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Only relative imports that stay inside acd/ (./x.js). No node: modules, no packages, no other layer.
              regex: '^(?!\\./)',
              message: 'acd/ is pure domain logic: it may import only its own files (./...). Declare a port instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/store/**/*.ts', 'src/lib/**/*.ts'],
    rules: forbidLayers(upperLayers, 'Layers import downward only (see ARCHITECTURE.md).'),
  },
  {
    // The protocol and media layers know nothing of queues, scenarios or storage (ARCHITECTURE.md).
    files: ['src/sip/**/*.ts', 'src/sdp/**/*.ts', 'src/media/**/*.ts', 'src/tts/**/*.ts'],
    rules: forbidLayers(
      [...upperLayers, 'acd', 'store'],
      'sip/, sdp/, media/ and tts/ know nothing of queues, scenarios or storage: telephony/ joins them.',
    ),
  },
  {
    // Call control joins sip/, media/ and the ACD; the scenario runtime above it reaches it through ScenarioPort.
    files: ['src/telephony/**/*.ts'],
    rules: forbidLayers(['api', 'web', 'scenario', 'config', 'server', 'cli', 'store'], 'telephony/ sits below scenario/ and api/ (ARCHITECTURE.md).'),
  },
  {
    // Scenarios talk to telephony/ and the ACD service only, never to SIP, media or the store directly.
    files: ['src/scenario/**/*.ts'],
    rules: forbidLayers(['api', 'web', 'config', 'server', 'cli', 'store', 'sip', 'sdp', 'media'], 'scenario/ reaches calls through telephony/ (ARCHITECTURE.md).'),
  },
  {
    files: ['src/api/**/*.ts'],
    rules: forbidLayers(['config', 'server', 'cli', 'store'], 'api/ talks to services through ports, not to the store or config directly.'),
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', URL: 'readonly', console: 'readonly' },
    },
  },
  {
    // Shipped scenarios are classic scripts for the VoxEngine runtime: require(Modules.ACD) and a typings reference.
    files: ['scenarios/**/*.js'],
    languageOptions: { sourceType: 'script' },
    rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/triple-slash-reference': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
