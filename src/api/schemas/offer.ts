import { z } from 'zod';
import { named } from './registry.js';

export const FailOfferBodySchema = named(
  'FailOffer',
  z.strictObject({
    cause: z.enum(['no-answer', 'busy', 'rejected', 'unavailable', 'declined', 'error']),
    statusCode: z.int().min(100).max(699).optional().meta({ description: 'SIP status of the failure, if any.' }),
  }),
  "An operator endpoint reports why an offer failed. 'declined' is a conscious no, not a failed attempt.",
);

export const CustomerDialBodySchema = named(
  'CustomerDial',
  z.strictObject({ outcome: z.enum(['answered', 'busy', 'no-answer', 'failed']) }),
  "The dialer reports how dialing a callback's customer ended.",
);
