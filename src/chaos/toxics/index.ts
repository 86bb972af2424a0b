import type { ToxicType } from '../toxic.js';
import { bandwidth } from './bandwidth.js';
import { blackholeConnect } from './blackhole-connect.js';
import { closeAfterResponse } from './close-after-response.js';
import { idleClose } from './idle-close.js';
import { latency } from './latency.js';
import { limitData } from './limit-data.js';
import { resetAfterHeaders } from './reset-after-headers.js';
import { resetPeer } from './reset-peer.js';
import { slicer } from './slicer.js';
import { slowClose } from './slow-close.js';
import { timeout } from './timeout.js';
import { truncateBody } from './truncate-body.js';

/** Every toxic by its toxiproxy type name; a new toxic is one file plus one line here. */
export const TOXIC_TYPES: ReadonlyMap<string, ToxicType> = new Map(
  [
    latency,
    bandwidth,
    slowClose,
    timeout,
    resetPeer,
    slicer,
    limitData,
    idleClose,
    closeAfterResponse,
    resetAfterHeaders,
    truncateBody,
    blackholeConnect,
  ].map((t) => [t.type, t]),
);
