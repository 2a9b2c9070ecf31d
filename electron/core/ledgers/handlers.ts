export { releasedHandlers } from './released/handlers';
export { patientHandlers } from './patient/handlers';
export { lowIncomeHandlers } from './lowIncome/handlers';
