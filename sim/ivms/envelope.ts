/**
 * The IVMS reply envelope, with the status codes and words of the vendor document
 * (seed 001): every JSON reply, success or failure, is wrapped this way.
 */
export interface IvmsReply {
  readonly httpStatus: number;
  readonly body: {
    readonly status: number;
    readonly code: number;
    readonly description: string;
    readonly message: string;
    readonly uri: string;
    readonly result: unknown[];
  };
}

export function retrieved(uri: string, result: unknown[]): IvmsReply {
  return { httpStatus: 200, body: { status: 2000, code: 200, description: 'OK', message: 'Successfully Retrieved!', uri, result } };
}

export function applied(uri: string, result: unknown[] = []): IvmsReply {
  return { httpStatus: 200, body: { status: 2007, code: 200, description: 'OK', message: 'Successfully Applied!', uri, result } };
}

export function siteDown(uri: string): IvmsReply {
  return { httpStatus: 500, body: { status: 1504, code: 500, description: 'Internal Server Error', message: 'Cannot connect the site VMS server.', uri, result: [] } };
}

export function unprocessable(uri: string): IvmsReply {
  return {
    httpStatus: 422,
    body: { status: 3002, code: 422, description: 'Unprocessable Entity', message: 'Unable to process! Please check your request parameters!', uri, result: [] },
  };
}

export function noChannel(uri: string): IvmsReply {
  return { httpStatus: 404, body: { status: 3110, code: 404, description: 'Not Found', message: 'There is no channel or invalid channel id!', uri, result: [] } };
}
