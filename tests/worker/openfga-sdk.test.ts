import axios from 'axios';
import { openfgaSdkSuite } from '../suites/openfga-sdk.suite.ts';
import { d1Edge } from './openfga-harness.ts';

/**
 * The SDK inside workerd over D1. workerd has no Node HTTP client for axios, so the SDK is
 * given an axios instance whose fetch adapter calls the app in-process: the SDK's requests,
 * headers and error handling are unchanged; only the socket is skipped.
 */
openfgaSdkSuite(
  async () => {
    const edge = d1Edge();
    const instance = axios.create({
      adapter: 'fetch',
      env: {
        fetch: (input: RequestInfo | URL, init?: RequestInit) =>
          input instanceof Request ? edge.request(input.url, input) : edge.request(String(input), init),
      },
    });
    return { store: 'd1', apiUrl: 'http://laminate.test', axios: instance };
  },
  { streaming: true },
);
