export { createUser, insertUser } from './create-user.ts';
export { listUsers } from './list-users.ts';
export { serviceUserActor } from './service-user.ts';
export { showUser } from './show-user.ts';
export { updateUser } from './update-user.ts';
